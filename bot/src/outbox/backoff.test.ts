import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff.js';
import { isRetryable, SendError } from './chat-sender.js';

const policy = { baseDelayMs: 1000, maxDelayMs: 60_000 };

describe('retryDelay', () => {
  it('doubles per attempt with half of each step random', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, undefined, policy, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, undefined, policy, () => 0.999999))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('caps at maxDelayMs', () => {
    expect(retryDelay(30, undefined, policy, () => 1)).toBe(60_000);
  });

  it('uses Retry-After as given, even zero', () => {
    expect(retryDelay(1, 7000, policy, () => 0.5)).toBe(7000);
    expect(retryDelay(5, 0, policy, () => 0.5)).toBe(0);
    expect(retryDelay(1, Number.NaN, policy, () => 0)).toBe(500);
  });
});

describe('which failures are retried (Teams: 429, 412, 502, 504; also 500, 503 and network errors)', () => {
  it.each([412, 429, 500, 502, 503, 504])('%i is retried', (s) =>
    expect(isRetryable(new SendError('x', s))).toBe(true),
  );
  it.each([400, 401, 403, 404])('%i is not', (s) => expect(isRetryable(new SendError('x', s))).toBe(false));
  it('a network error is retried', () => expect(isRetryable(new TypeError('fetch failed'))).toBe(true));
});
