import { useCallback, useState } from 'react';
import type { ZodType } from 'zod';
import { ApiError, type FieldError } from './api.js';
import { fieldErrors } from '../shared/schemas.js';

/**
 * Field messages from the client's own check (the same zod schema the server uses) or from the
 * server's 400, shown next to their fields. `general` is a message for the whole form.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string>();
  const apply = useCallback((list: FieldError[], message?: string) => {
    const map: Record<string, string> = {};
    for (const f of list) map[f.field] ??= f.message;
    setErrors(map);
    setGeneral(message);
  }, []);
  /** Parse with the shared schema; on failure show the messages and return undefined. */
  const check = useCallback(
    <T,>(schema: ZodType<T>, value: unknown): T | undefined => {
      const r = schema.safeParse(value);
      if (r.success) {
        apply([]);
        return r.data;
      }
      apply(fieldErrors(r.error.issues), 'Some fields need attention; see the messages next to them.');
      return undefined;
    },
    [apply],
  );
  const fromError = useCallback((e: unknown) => {
    if (e instanceof ApiError) apply(e.fields, e.fields.length ? `${e.message} See the messages next to the fields.` : e.message);
    else apply([], 'The server could not be reached; nothing was saved. Try again.');
  }, [apply]);
  const field = useCallback(
    (name: string) => ({ validationMessage: errors[name], validationState: errors[name] ? ('error' as const) : ('none' as const) }),
    [errors],
  );
  return { errors, general, check, fromError, field, clear: () => apply([]) };
}
