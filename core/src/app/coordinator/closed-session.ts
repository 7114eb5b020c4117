import type { AreaConfig } from '../../domain/area.js';
import type { Meeting } from '../../domain/meeting.js';
import type { Clock } from '../../ports/clock.js';
import type { Repos } from '../../ports/repositories.js';
import { record, type Actor } from './context.js';
import { insertMeeting } from './meetings.js';

const addMinutes = (hhmm: string, minutes: number) => {
  const [h, m] = hhmm.split(':').map(Number);
  const t = h * 60 + m + minutes;
  return `${String(Math.floor(t / 60) % 24).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
};

/**
 * The closed session after a main meeting, created (inside the caller's transaction) when the
 * first honour-based-abuse or core-agency case needs it. It starts after the main meeting's
 * longest possible agenda and invites the referring agency, police and the IDVA service (the
 * first agencies in batting order); the coordinator can invite others.
 */
export async function closedSessionFor(
  r: Repos,
  clock: Clock,
  actor: Actor,
  area: AreaConfig,
  main: Meeting,
  referringAgencyId: string,
) {
  if (main.kind === 'closed') return { meeting: main, created: false };
  const existing = (await r.meetings.list({ areaId: main.areaId })).find(
    (m) => m.kind === 'closed' && m.parentMeetingId === main.id,
  );
  if (existing) {
    if (existing.invitedAgencyIds.includes(referringAgencyId)) return { meeting: existing, created: false };
    const updated = await r.meetings.put(
      { ...existing, invitedAgencyIds: [...existing.invitedAgencyIds, referringAgencyId] },
      existing.version,
    );
    await record(
      r,
      clock,
      actor,
      {
        action: 'meeting.invited-agency',
        subject: `meeting:${existing.id}`,
        details: { agencyId: referringAgencyId },
      },
      [{ type: 'MeetingChanged', meetingId: existing.id }],
    );
    return { meeting: updated, created: false };
  }
  const meeting = await insertMeeting(r, {
    areaId: main.areaId,
    kind: 'closed',
    date: main.date,
    startTime: addMinutes(main.startTime, area.maxCasesPerMeeting * area.minutesPerCase[main.kind]),
    chairId: main.chairId,
    parentMeetingId: main.id,
    invitedAgencyIds: [...new Set([referringAgencyId, ...area.battingOrder.slice(0, 2)])],
  });
  await record(
    r,
    clock,
    actor,
    {
      action: 'meeting.created',
      subject: `meeting:${meeting.id}`,
      details: { kind: 'closed', parentMeetingId: main.id },
    },
    [{ type: 'MeetingChanged', meetingId: meeting.id }],
  );
  return { meeting, created: true };
}
