import type { Clock } from '../../ports/clock.js';
import type { Repos, Store } from '../../ports/repositories.js';
import type { PersonalDataCipher } from '../../crypto/personal-data.js';
import type { DomainEvent } from '../../domain/events.js';
import type { AuditRecord } from '../../domain/audit.js';
import type { Person } from '../../domain/person.js';
import { areaTimeZone, localDate } from '../../domain/civil-time.js';

/** What every coordinator use case needs: storage, the personal-data cipher and the time. */
export interface CoordinatorDeps {
  store: Store;
  cipher: PersonalDataCipher;
  clock: Clock;
}

/** The signed-in person a use case acts for. */
export type Actor = Person;

export const nowIso = (clock: Clock) => new Date(clock.now()).toISOString();
/** "Today" is the local date in the area's zone (Europe/London unless the area says otherwise). */
export const todayIso = (clock: Clock, area?: object) => localDate(clock.now(), areaTimeZone(area));

/** Audit a change and announce it, inside the caller's transaction. */
export async function record(
  r: Repos,
  clock: Clock,
  actor: Actor,
  entry: Omit<AuditRecord, 'at' | 'actor' | 'outcome'>,
  events: DomainEvent[] = [],
): Promise<void> {
  const at = nowIso(clock);
  await r.audit.append({ ...entry, at, actor: actor.id, outcome: 'done' });
  for (const e of events) await r.events.append(e, at);
}
