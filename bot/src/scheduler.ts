import {
  type Store,
  type Clock,
  DEFAULT_TIME_ZONE,
  fireDueWarnings,
  localDate,
  localHour,
  runFollowUp,
  runRetention,
  pruneClaims,
} from '@marac/core';

export interface SchedulerDeps {
  store: Store;
  clock: Clock;
  owner: string;
  /** Local hour (0–23) of the daily follow-up, in `timeZone`'s wall clock. */
  reminderHour: number;
  /** The zone of the retention job's day (each area's follow-up uses the area's own zone). */
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
  /** The area-days whose follow-up this instance has already claimed or seen claimed. */
  const claimed = new Set<string>();
  // Timer warnings never wait behind the daily follow-up (which may talk to Teams for a while).
  const tick = async () => {
    if (!warning) {
      warning = true;
      await fireDueWarnings(deps, deps.owner)
        .catch((e) => deps.log.warn({ err: (e as Error)?.name }, 'timer tick failed; will retry'))
        .finally(() => (warning = false));
    }
    if (!following) {
      following = true;
      daily = followUp(deps, claimed)
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

/**
 * The daily follow-up, per area at the reminder hour of its own time zone (an area on London time and
 * one on Gibraltar's reach 08:00 an hour apart), once per area and local day across all instances.
 */
export async function followUp(deps: SchedulerDeps, seen = new Set<string>()) {
  const now = deps.clock.now();
  const due: string[] = [];
  for (const area of await deps.store.repos.areas.list()) {
    const zone = area.timeZone || DEFAULT_TIME_ZONE;
    if (localHour(now, zone) < deps.reminderHour) continue;
    const key = `follow-up:${area.id}:${localDate(now, zone)}`;
    if (seen.has(key)) continue;
    if (await deps.store.repos.claims.claim(key, deps.owner, new Date(now).toISOString())) due.push(area.id);
    seen.add(key);
  }
  if (due.length) await deps.onReminders(await runFollowUp(deps, deps.owner, due));
}

/** Retention, after the follow-up: once per day across all instances; each case is claimed again inside. */
export async function retention(deps: SchedulerDeps, doneOn?: string): Promise<string | undefined> {
  const day = localDate(deps.clock.now(), zone(deps));
  if (doneOn === day || localHour(deps.clock.now(), zone(deps)) < deps.reminderHour) return doneOn;
  if (
    !(await deps.store.repos.claims.claim(
      `retention-day:${day}`,
      deps.owner,
      new Date(deps.clock.now()).toISOString(),
    ))
  )
    return day;
  await runRetention(deps, deps.owner);
  await pruneClaims(deps);
  return day;
}

const zone = (deps: SchedulerDeps) => deps.timeZone ?? DEFAULT_TIME_ZONE;
