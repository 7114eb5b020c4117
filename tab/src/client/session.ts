import { useSyncExternalStore } from 'react';
import { teamsToken } from './teams.js';

/**
 * Who is signed in, and the "sign in again" flow: when a call gets 401 the API layer waits on
 * `signInAgain()`; the page (and whatever is typed in it) stays as it is, a dialog asks the
 * person to sign in, and the call is retried.
 */
export interface Session {
  token: string;
  mode: 'teams' | 'dev';
  personId?: string;
}

interface State {
  session?: Session;
  /** Set while a call waits for the person to sign in again. */
  reauth?: { message: string };
}

const KEY = 'marac.dev-session';

/** A development sign-in survives a reload of the browser tab (sessionStorage); Teams sign-in is asked for again. */
function restore(): Session | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return s?.mode === 'dev' && typeof s.token === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

let state: State = { session: restore() };
const listeners = new Set<() => void>();
let waiting: (() => void)[] = [];

const set = (next: State) => {
  state = next;
  listeners.forEach((l) => l());
};

export const getSession = () => state.session;

export function setSession(session: Session | undefined) {
  try {
    if (session?.mode === 'dev') sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage unavailable: the session lasts as long as the page */
  }
  set({ session, reauth: undefined });
  const resume = waiting;
  waiting = [];
  if (session) resume.forEach((r) => r());
}

export function signOut() {
  setSession(undefined);
}

/** Resolves once the person has signed in again. Inside Teams, first asks Teams for a fresh token. */
export async function signInAgain(message: string): Promise<void> {
  if (state.session?.mode === 'teams') {
    try {
      setSession({ mode: 'teams', token: await teamsToken() });
      return;
    } catch {
      /* fall through to the dialog */
    }
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    set({ ...state, reauth: { message } });
  });
}

export function useSessionState(): State {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}
