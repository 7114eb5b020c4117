import { type Store, type Clock, fireDueWarnings, runFollowUp } from '@marac/core';

export interface SchedulerDeps {
  store: Store;
  clock: Clock;
  owner: string;
  reminderHourUtc: number;
  onReminders: (r: Awaited<ReturnType<typeof runFollowUp>>) => Promise<void>;
  log: { warn(o: object, m: string): void };
}

/**
 * Ticks the stored deadlines: case-timer warnings every second, the daily action follow-up at
 * the configured hour. Both are claimed through the database, so any number of instances may tick.
 */
export function startScheduler(deps: SchedulerDeps, everyMs = 1000) {
  let warning = false;
  let following = false;
  // Timer warnings never wait behind the daily follow-up (which may talk to Teams for a while).
  const tick = async () => {
    if (!warning) {
      warning = true;
      await fireDueWarnings(deps, deps.owner)
        .catch((e) => deps.log.warn({ err: (e as Error).message }, 'timer tick failed; will retry'))
        .finally(() => (warning = false));
    }
    if (!following && new Date(deps.clock.now()).getUTCHours() >= deps.reminderHourUtc) {
      following = true;
      void followUp(deps)
        .catch((e) => deps.log.warn({ err: (e as Error).message }, 'follow-up failed; will retry'))
        .finally(() => (following = false));
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}

/** The daily follow-up: once per day across all instances. */
export async function followUp(deps: SchedulerDeps) {
  const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
  if (!(await deps.store.repos.claims.claim(`follow-up:${day}`, deps.owner, new Date(deps.clock.now()).toISOString()))) return;
  await deps.onReminders(await runFollowUp(deps, deps.owner));
}
