import type { RoomDeps } from './meeting-room/context.js';

const DAY = 86_400_000;

/**
 * Claims that can no longer matter, and why forgetting each is safe: the key can never be asked
 * for again, or a repeat after that long cannot happen. Everything else is kept for good: timer
 * warnings (a meeting left open would warn again), `project:` (an instance behind on the event
 * log claims old seqs), `no-update:`, `deliver:`, `research-card:`, `greeting:`, `retention:`.
 */
export const CLAIM_LIFETIMES: { prefix: string; days: number; why: string }[] = [
  { prefix: 'activity:', days: 3, why: 'Teams redelivers an activity within minutes, never days later' },
  // Keyed by the local day: only today's key is ever claimed, so an older one is never asked for.
  { prefix: 'reminder:', days: 30, why: "a day's reminder is claimed on that day only" },
  { prefix: 'follow-up:', days: 30, why: "an area's follow-up is claimed on that day only" },
  { prefix: 'retention-day:', days: 30, why: "the day's retention run is claimed on that day only" },
  // A meeting's hint claim only matters for the minute after it; the next hint forgets it anyway.
  { prefix: 'hint:', days: 1, why: "the chair's command hint waits one minute, never a day" },
];

/** Forget claims past their lifetime (the daily job, after retention); how many went per prefix. */
export async function pruneClaims(deps: RoomDeps): Promise<Record<string, number>> {
  const now = deps.clock.now();
  const pruned: Record<string, number> = {};
  for (const { prefix, days } of CLAIM_LIFETIMES)
    pruned[prefix] = await deps.store.repos.claims.prune(prefix, new Date(now - days * DAY).toISOString());
  return pruned;
}
