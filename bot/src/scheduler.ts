import {
  type Store,
  type Clock,
  DEFAULT_TIME_ZONE,
  fireDueWarnings,
  localDate,
  localHour,
  runFollowUp,
  runRetention,
} from '@marac/core';

export interface SchedulerDeps {
  store: Store;
  clock: Clock;
  owner: string;
  /** Local hour (0–23) of the daily follow-up, in `timeZone`'s wall clock. */
  reminderHour: number;
  /** The areas' zone: the follow-up runs at the same local hour in winter and summer. */
  timeZone?: string;
  onReminders: (r: Awaited<ReturnType<typeof runFollowUp>>) => Promise<void>;
  log: { warn(o: object, m: string): void };
}

/**
 * Ticks the stored deadlines: case-timer warnings every second, the daily action follow-up and
 * then the retention job at the configured hour. All are claimed through the database, so any
 * number of instances may tick.
 */
export function startScheduler(deps: SchedulerDeps, everyMs = 1000) {
  let warning = false;
  let following = false;
  let daily: Promise<void> = Promise.resolve();
  /** The day this instance last saw the retention job claimed, so later ticks that day skip the claim. */
  let retainedOn: string | undefined;
  // Timer warnings never wait behind the daily follow-up (which may talk to Teams for a while).
  const tick = async () => {
    if (!warning) {
      warning = true;
      await fireDueWarnings(deps, deps.owner)
        .catch((e) => deps.log.warn({ err: (e as Error)?.name }, 'timer tick failed; will retry'))
        .finally(() => (warning = false));
    }
    if (!following && localHour(deps.clock.now(), zone(deps)) >= deps.reminderHour) {
      following = true;
      daily = followUp(deps)
        .catch((e) => deps.log.warn({ err: (e as Error)?.name }, 'follow-up failed; will retry'))
        .then(() => retention(deps, retainedOn))
        .then((day) => void (retainedOn = day))
        .catch((e) => deps.log.warn({ err: (e as Error)?.name }, 'retention failed; will retry tomorrow'))
        .finally(() => (following = false));
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  /** `idle` resolves when the daily work a tick started has finished (tests wait on it). */
  return { tick, stop: () => clearInterval(timer), idle: () => daily };
}

/** The daily follow-up: once per day across all instances. */
export async function followUp(deps: SchedulerDeps) {
  const day = localDate(deps.clock.now(), zone(deps));
  if (
    !(await deps.store.repos.claims.claim(
      `follow-up:${day}`,
      deps.owner,
      new Date(deps.clock.now()).toISOString(),
    ))
  )
    return;
  await deps.onReminders(await runFollowUp(deps, deps.owner));
}

/** Retention, after the follow-up: once per day across all instances; each case is claimed again inside. */
export async function retention(deps: SchedulerDeps, doneOn?: string): Promise<string> {
  const day = localDate(deps.clock.now(), zone(deps));
  if (doneOn === day) return day;
  if (
    !(await deps.store.repos.claims.claim(
      `retention-day:${day}`,
      deps.owner,
      new Date(deps.clock.now()).toISOString(),
    ))
  )
    return day;
  await runRetention(deps, deps.owner);
  return day;
}

const zone = (deps: SchedulerDeps) => deps.timeZone ?? DEFAULT_TIME_ZONE;
