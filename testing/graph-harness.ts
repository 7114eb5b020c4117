/**
 * Entra + Graph stand-ins wired together, and a GraphConfig pointing at them, for @marac/graph tests
 * (and anyone else who needs a working `createGraph` on loopback). Sleeps are recorded, not slept.
 */
import { startEntraStandIn, type EntraStandIn, type EntraStandInOptions } from './entra-standin.js';
import { startGraphStandIn, type GraphStandIn, type GraphStandInOptions } from './graph-standin.js';

export const TEST_TEAMS_APP_ID = 'marac-teams-app';

export interface GraphHarness {
  entra: EntraStandIn;
  graph: GraphStandIn;
  /** Every delay the code under test asked to sleep, ms. */
  sleeps: number[];
  sleep: (ms: number) => Promise<void>;
  /** Configuration for createGraph / createIdentity (shape of @marac/graph's GraphConfig). */
  config: {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    authorityHost: string;
    trustedCa?: string;
    graphBaseUrl: string;
    teamsAppId: string;
    retry: { sleep: (ms: number) => Promise<void>; random: () => number };
  };
  close(): Promise<void>;
}

export async function startGraphHarness(
  opts: { entra?: EntraStandInOptions; graph?: Omit<GraphStandInOptions, 'entra'> } = {},
): Promise<GraphHarness> {
  const entra = await startEntraStandIn(opts.entra);
  const graph = await startGraphStandIn({ teamsApps: [TEST_TEAMS_APP_ID], ...opts.graph, entra });
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  return {
    entra,
    graph,
    sleeps,
    sleep,
    config: {
      tenantId: entra.tenantId,
      clientId: entra.clientId,
      clientSecret: entra.clientSecret,
      authorityHost: entra.url,
      trustedCa: entra.ca,
      graphBaseUrl: graph.url,
      teamsAppId: TEST_TEAMS_APP_ID,
      retry: { sleep, random: () => 0.5 },
    },
    close: async () => {
      await graph.close();
      await entra.close();
    },
  };
}
