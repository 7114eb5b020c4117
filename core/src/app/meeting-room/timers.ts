import { dueWarnings, runningTimer } from '../../domain/live-meeting.js';
import type { DomainEvent } from '../../domain/events.js';
import { type RoomDeps, iso, loadMeeting } from './context.js';

/**
 * Give every case-timer warning that is due, once. Deadlines live in the stored state, so a
 * restarted process picks up where the last left off; each warning is claimed through the
 * database, so with several instances exactly one gives it.
 */
export async function fireDueWarnings(deps: RoomDeps, owner: string): Promise<DomainEvent[]> {
  const { store, clock } = deps;
  const fired: DomainEvent[] = [];
  for (const s of await store.repos.live.listActive()) {
    // Every second, for every live meeting: the area (its warning minutes) is read only when a
    // case's timer is running, not for meetings still at the declaration or between cases.
    if (!runningTimer(s)) continue;
    const { area } = await loadMeeting(store.repos, s.meetingId);
    for (const w of dueWarnings(s, area.timerWarningMinutes, clock.now())) {
      const e = await store.tx(async (r) => {
        if (!(await r.claims.claim(w.key, owner, iso(clock)))) return undefined;
        const ev: DomainEvent = {
          type: 'TimerWarning',
          meetingId: s.meetingId,
          caseId: w.caseId,
          minutesLeft: w.minutesBefore,
        };
        await r.events.append(ev, iso(clock));
        return ev;
      });
      if (e) fired.push(e);
    }
  }
  return fired;
}
