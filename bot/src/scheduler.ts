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
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await fireDueWarnings(deps, deps.owner);
      const now = new Date(deps.clock.now());
      if (now.getUTCHours() >= deps.reminderHourUtc) await followUp(deps);
    } catch (e) {
      deps.log.warn({ err: (e as Error).message }, 'scheduler tick failed; will retry');
    } finally {
      busy = false;
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
