import { useCallback, useState } from 'react';
import { ApiError } from './api.js';

/**
 * The one way a form sends something: clears the last message, runs the request, then says what
 * was done or why it was refused (the server's reason, else `failed`). Resolves true on success.
 */
export function useSave() {
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (fn: () => Promise<unknown>, failed: string, said?: string) => {
    setError(undefined);
    setDone(undefined);
    setBusy(true);
    try {
      await fn();
      if (said) setDone(said);
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e.message : failed);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { error, done, busy, run };
}
