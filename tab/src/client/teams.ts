import type { app } from '@microsoft/teams-js';

export type ThemeName = 'default' | 'dark' | 'contrast';

export interface Host {
  inTeams: boolean;
  theme: ThemeName;
  context?: app.Context;
}

const asTheme = (t: string | undefined): ThemeName =>
  t === 'dark' ? 'dark' : t === 'contrast' ? 'contrast' : 'default';

/** Outside Teams `app.initialize()` fails or never answers: after this long we are in a browser. */
const INIT_TIMEOUT_MS = 2500;

/**
 * teams-js is loaded only when we may be inside Teams (framed, or a native host): on import it
 * reaches out for Microsoft's list of valid origins, which a plain browser tab has no need of.
 */
export const teamsJs = () => import('@microsoft/teams-js');

let host: Promise<Host> | undefined;

/** Are we inside Teams? Initialises teams-js once; a browser gets the light (or the system's dark) theme. */
export function initHost(): Promise<Host> {
  host ??= (async () => {
    const browser: Host = {
      inTeams: false,
      theme: matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'default',
    };
    // A top-level window with no native host cannot be Teams; skip the wait.
    if (window.parent === window && !(window as { nativeInterface?: unknown }).nativeInterface)
      return browser;
    try {
      const { app } = await teamsJs();
      await Promise.race([
        app.initialize(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), INIT_TIMEOUT_MS)),
      ]);
      const context = await app.getContext();
      return { inTeams: true, theme: asTheme(context.app.theme), context };
    } catch {
      return browser;
    }
  })();
  return host;
}

export async function onTeamsThemeChange(handler: (t: ThemeName) => void) {
  const { app } = await teamsJs();
  app.registerOnThemeChangeHandler((t) => handler(asTheme(t)));
}

/** Teams SSO: an Entra access token for this app, refreshed by Teams when needed. */
export const teamsToken = async () => (await teamsJs()).authentication.getAuthToken();
