/**
 * When to try a failed send again. Teams asks for exponential backoff with random jitter on 429
 * (and the same for 412/502/504), so retries from many conversations or instances do not collide.
 */
export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Delay before retry number `attempt` (1 = the first retry). A Retry-After from the server wins
 * as given: it is the server's own estimate, and retrying sooner only earns another 429.
 * Otherwise "equal jitter": half the exponential step is fixed, so the delay always grows, and
 * half is random, so simultaneous failures spread out.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy,
  random: () => number,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0)
    return Math.ceil(retryAfterMs);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.ceil(step / 2 + random() * (step / 2));
}
