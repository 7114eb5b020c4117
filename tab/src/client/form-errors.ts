import { useCallback, useState } from 'react';
import type { ZodType } from 'zod';
import { ApiError, type FieldError } from './api.js';
import { fieldErrors } from '../shared/schemas.js';

/** Parse with the shared schema (the one the server uses): the data, or the messages by field. */
export function validate<T>(schema: ZodType<T>, value: unknown): { data?: T; fields: FieldError[] } {
  const r = schema.safeParse(value);
  return r.success ? { data: r.data, fields: [] } : { fields: fieldErrors(r.error.issues) };
}

const ATTENTION = 'Some fields need attention; see the messages next to them.';

/**
 * Field messages from the client's own check or from the server's 400, shown next to their
 * fields; `general` is a message for the whole form. Once a save has been refused, `recheck`
 * keeps the messages in step with what the person corrects.
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
  const show = useCallback((list: FieldError[]) => apply(list, list.length ? ATTENTION : undefined), [apply]);
  const fromError = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError)
        apply(e.fields, e.fields.length ? `${e.message} See the messages next to the fields.` : e.message);
      else apply([], 'The server could not be reached; nothing was saved. Try again.');
    },
    [apply],
  );
  const field = useCallback(
    (name: string) => ({
      validationMessage: errors[name],
      validationState: errors[name] ? ('error' as const) : ('none' as const),
    }),
    [errors],
  );
  return { errors, general, show, fromError, field };
}
