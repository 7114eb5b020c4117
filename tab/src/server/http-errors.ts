import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { isDomainError, type DomainErrorCode } from '@marac/core';
import { fieldErrors } from '../shared/schemas.js';
import type { Log } from './deps.js';

/** An HTTP refusal with a reason the person can act on. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The one place DomainError codes become HTTP statuses. */
export const STATUS_FOR: Record<DomainErrorCode, number> = {
  'not-found': 404,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
  stale: 409,
  'not-linked': 409,
  'gate-closed': 409,
  schema: 500,
};

export interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

const body = (code: string, message: string, fields?: ErrorBody['error']['fields']): ErrorBody => ({
  error: { code, message, fields },
});

/** Turns every error into JSON `{ error: { code, message, fields? } }`. Messages never carry personal details. */
export function errorHandler(log: Log): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) return res.status(err.status).json(body(err.code, err.message));
    if (isDomainError(err)) {
      const fields = Array.isArray(err.details.fields)
        ? (err.details.fields as ErrorBody['error']['fields'])
        : undefined;
      // A refusal the person may override ("full", "two-week") names what to confirm in its code.
      const code = typeof err.details.confirm === 'string' ? `confirm-${err.details.confirm}` : err.code;
      return res.status(STATUS_FOR[err.code]).json(body(code, err.message, fields));
    }
    if (err instanceof ZodError)
      return res.status(400).json(body('invalid', 'Some fields need attention.', fieldErrors(err.issues)));
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large')
      return res.status(413).json(body('too-large', 'The request is too large.'));
    if (e.type === 'entity.parse.failed')
      return res.status(400).json(body('invalid', 'The request is not valid JSON.'));
    if (e.status && e.status >= 400 && e.status < 500)
      return res.status(e.status).json(body('bad-request', 'The request could not be processed.'));
    // Log the error type and path only: messages from storage could quote data.
    log.error(
      {
        err: { name: (err as Error)?.name, stack: (err as Error)?.stack?.split('\n').slice(1, 5).join('\n') },
        path: req.path,
      },
      'tab: unexpected error',
    );
    return res.status(500).json(body('internal', 'Something went wrong; it has been logged.'));
  };
}
