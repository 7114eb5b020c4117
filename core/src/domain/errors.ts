/**
 * One error type for every rule the domain refuses. Adapters map `code` to an HTTP status,
 * a card message or a chat reply in one place; `message` is safe to show (it never carries
 * victim, perpetrator or child details).
 */
export type DomainErrorCode =
  'not-found' | 'forbidden' | 'invalid' | 'conflict' | 'not-linked' | 'gate-closed' | 'stale' | 'schema';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
