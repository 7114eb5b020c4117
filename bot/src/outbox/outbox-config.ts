import { type RateWindow, TEAMS_PER_CONVERSATION } from './rate-limiter.js';

export interface OutboxLimits {
  /** How long a claimed item is ours; must exceed `sendTimeoutMs` plus `maxHoldMs`. */
  leaseMs: number;
  /** The sender gives up on one Bot Connector call after this long (the sender enforces it). */
  sendTimeoutMs: number;
  /** Conversations claimed per pass. */
  batch: number;
  /** Sends of one item before it is marked failed. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How often the store is polled when nothing kicks the worker. */
  pollMs: number;
  /** Longest rate-limit wait spent holding a lease; longer waits leave the item for a later pass. */
  maxHoldMs: number;
  windows: readonly RateWindow[];
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = {
  leaseMs: 60_000,
  sendTimeoutMs: 15_000,
  batch: 100,
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  pollMs: 1_000,
  maxHoldMs: 5_000,
  windows: TEAMS_PER_CONVERSATION,
};

/** pino-compatible. Only ids, statuses and counts are logged: message text may be confidential. */
export interface OutboxLog {
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export const consoleLog: OutboxLog = {
  warn: (f, m) => console.warn(m, JSON.stringify(f)),
  error: (f, m) => console.error(m, JSON.stringify(f)),
};
