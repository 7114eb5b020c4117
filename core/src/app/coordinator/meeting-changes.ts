import { DomainError } from '../../domain/errors.js';
import { schedulingWarnings } from '../../domain/scheduling.js';
import type { Meeting } from '../../domain/meeting.js';
import type { Repos } from '../../ports/repositories.js';
import { notFound, requireManager } from './access.js';
import { record, todayIso, type Actor, type CoordinatorDeps } from './context.js';

/** Warnings (not refusals) for a meeting's date and time, against the area's other meetings. */
export async function meetingWarnings(r: Repos, m: Meeting) {
  return schedulingWarnings(m, await r.meetings.list({ areaId: m.areaId, from: m.date, to: m.date }));
}

const notYetHeld = (m: Meeting) => {
  if (m.status !== 'planned')
    throw new DomainError(
      'conflict',
      m.status === 'cancelled'
        ? 'That meeting was cancelled.'
        : 'That meeting has started or ended; it can no longer be moved or cancelled.',
    );
};

/** Move a planned meeting to another date or time; its agenda goes with it. */
export async function rescheduleMeeting(
  deps: CoordinatorDeps,
  actor: Actor,
  meetingId: string,
  when: { date: string; startTime: string },
) {
  await requireManager(deps, actor, 'meeting.reschedule', `meeting:${meetingId}`);
  if (when.date < todayIso(deps.clock))
    throw new DomainError('invalid', 'Some fields need attention.', {
      fields: [{ field: 'date', message: 'The date is in the past.' }],
    });
  return deps.store.tx(async (r) => {
    const m = await r.meetings.get(meetingId);
    if (!m) throw notFound('The meeting');
    notYetHeld(m);
    if (m.date === when.date && m.startTime === when.startTime)
      return { meeting: m, warnings: await meetingWarnings(r, m) };
    const saved = await r.meetings.put({ ...m, ...when }, m.version);
    await record(
      r,
      deps.clock,
      actor,
      {
        action: 'meeting.rescheduled',
        subject: `meeting:${m.id}`,
        details: { from: `${m.date} ${m.startTime}`, to: `${when.date} ${when.startTime}` },
      },
      [{ type: 'MeetingChanged', meetingId: m.id }],
    );
    return { meeting: saved, warnings: await meetingWarnings(r, saved) };
  });
}

/**
 * Cancel a planned meeting, with a reason: its cases go back to the "to be re-listed" queue
 * (each audited), and so does its closed session's.
 */
export async function cancelMeeting(deps: CoordinatorDeps, actor: Actor, meetingId: string, reason: string) {
  await requireManager(deps, actor, 'meeting.cancel', `meeting:${meetingId}`);
  if (!reason.trim())
    throw new DomainError('invalid', 'Say why the meeting is cancelled.', {
      fields: [{ field: 'reason', message: 'Say why the meeting is cancelled.' }],
    });
  return deps.store.tx(async (r) => {
    const m = await r.meetings.get(meetingId);
    if (!m) throw notFound('The meeting');
    notYetHeld(m);
    const closed = (await r.meetings.list({ areaId: m.areaId })).filter(
      (x) => x.parentMeetingId === m.id && x.status === 'planned',
    );
    let requeued = 0;
    for (const meeting of [m, ...closed]) {
      for (const item of await r.agenda.list(meeting.id)) {
        const c = await r.cases.get(item.caseId);
        if (!c) continue;
        await r.cases.put({ ...c, status: 'not-reached', meetingId: undefined }, c.version);
        await record(r, deps.clock, actor, {
          action: 'case.queued',
          subject: `case:${c.id}`,
          reason: reason.trim(),
          details: { meetingId: meeting.id, why: 'meeting-cancelled' },
        });
        requeued++;
      }
      await r.agenda.set(meeting.id, []);
      await r.meetings.put({ ...meeting, status: 'cancelled' }, meeting.version);
      await record(
        r,
        deps.clock,
        actor,
        { action: 'meeting.cancelled', subject: `meeting:${meeting.id}`, reason: reason.trim() },
        [
          { type: 'AgendaChanged', meetingId: meeting.id },
          { type: 'MeetingChanged', meetingId: meeting.id },
        ],
      );
    }
    return { requeued };
  });
}
