/**
 * Microsoft Graph in the composition root: one facade for the process when Graph is configured, and
 * the small core ports the bot uses built on it. With no app id / tenant (local development) there
 * is no Graph and everything works on what the app itself knows.
 */
import {
  createGraph,
  graphConfigFromEnv,
  isGraphApiError,
  isGraphPermissionError,
  type Graph,
} from '@marac/graph';
import type { AgencyDirectory } from '@marac/core';
import type { Config } from './config.js';

interface Log {
  info(o: object, m: string): void;
  warn(o: object, m: string): void;
}

/** The Graph facade, or undefined without Graph configuration (or without a usable credential). */
export function graphFromConfig(config: Config, log: Log): Graph | undefined {
  const cfg = graphConfigFromEnv(config);
  if (!cfg) {
    log.info(
      {},
      'Microsoft Graph is not configured (no MicrosoftAppId / MicrosoftAppTenantId): Teams meetings are linked by code, agencies picked on the card.',
    );
    return undefined;
  }
  try {
    const graph = createGraph({
      ...cfg,
      log: (level, message) => (level === 'info' ? undefined : log.warn({ level }, `msal: ${message}`)),
    });
    log.info(
      { graphBaseUrl: cfg.graphBaseUrl, teamsAppId: cfg.teamsAppId ?? null },
      'Microsoft Graph is configured',
    );
    return graph;
  } catch (e) {
    log.warn(
      { err: (e as Error)?.message },
      'Microsoft Graph is configured but unusable: carrying on without it',
    );
    return undefined;
  }
}

/**
 * Core's AgencyDirectory on Graph's directory: the agency, or undefined when Graph cannot say
 * (guest, no profile, no or several matches) or fails. Never throws; a missing permission is logged
 * once, naming it.
 */
export function agencyDirectoryOf(graph: Pick<Graph, 'directory'>, log: Log): AgencyDirectory {
  let toldPermission = false;
  return {
    async resolveAgency(aadObjectId, area) {
      try {
        const res = await graph.directory.resolveAgency(aadObjectId, area);
        return res.agencyId;
      } catch (e) {
        if (isGraphPermissionError(e)) {
          if (!toldPermission)
            log.warn(
              { permission: e.permission, operation: e.operation },
              'Graph directory look-up refused: grant the permission named; people pick their agency on the card meanwhile',
            );
          toldPermission = true;
        } else {
          log.warn(
            { kind: isGraphApiError(e) ? e.kind : 'unexpected', err: (e as Error)?.name },
            'Graph directory look-up failed; the person picks their agency on the card',
          );
        }
        return undefined;
      }
    },
  };
}
