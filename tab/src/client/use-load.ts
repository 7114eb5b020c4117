import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './api.js';

/** Loads JSON from the API; `reload` fetches again. A refusal's reason is kept to show the person. */
export function useLoad<T>(path: string | undefined) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setError(undefined);
    api.get<T>(path).then(
      (d) => live && setData(d),
      (e: unknown) =>
        live &&
        setError(e instanceof ApiError ? e : new ApiError(0, 'network', 'The server could not be reached.')),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload, setData };
}
