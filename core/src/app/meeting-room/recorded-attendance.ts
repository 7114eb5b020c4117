import type { Repos } from '../../ports/repositories.js';
import type { AgencyId } from '../../domain/area.js';
import type { Attendee, AttendeeRole, Confirmation } from '../../domain/confidentiality.js';
import type { Meeting } from '../../domain/meeting.js';
import { isCoordinator } from '../../domain/person.js';
import { type Actor, type RoomDeps, actorRef, audit, iso, loadMeeting, refuse } from './context.js';
import { liveState } from './declaration.js';

/** Someone the bot cannot see: on a phone line, or in the room with the chair. */
export interface RecordedAttendee {
  name: string;
  agencyId?: AgencyId;
  role: AttendeeRole;
  attendingBy: 'dial-in' | 'in-person';
  /** They confirmed the declaration aloud, and the recorder heard it. */
  confirmed: boolean;
  /** Observers and assessors: the chair has agreed they may attend (implied when the chair records it). */
  chairPermission?: boolean;
}

export const RECORDER_ONLY = 'Only the coordinator or the chair can record attendance or a confirmation.';

/** The chair (or a delegate) or a coordinator: the ToR has confirmations "overseen by the MARAC Coordinators". */
export const mayRecordAttendance = (m: Meeting, a: Actor) =>
  !!a.person && (isCoordinator(a.person) || a.person.id === m.chairId || m.delegateIds.includes(a.person.id));

const isChair = (m: Meeting, a: Actor) =>
  !!a.person && (a.person.id === m.chairId || m.delegateIds.includes(a.person.id));

/**
 * Record a dial-in or in-person attendee, and their verbal confirmation if they gave it. They
 * count for the declaration gate like anyone in the Teams meeting, and the minutes name them and
 * who recorded them. Observers and assessors attend only with the chair's permission.
 */
export async function recordAttendee(
  deps: RoomDeps,
  meetingId: string,
  actor: Actor,
  input: RecordedAttendee,
): Promise<Attendee> {
  const { store, clock } = deps;
  const { meeting, area } = await loadMeeting(store.repos, meetingId);
  const no = (code: 'forbidden' | 'invalid', message: string) =>
    refuse(store, clock, actor, 'attendance.record', `meeting:${meetingId}`, code, message);
  if (!mayRecordAttendance(meeting, actor)) return no('forbidden', RECORDER_ONLY);
  const name = input.name.trim().slice(0, 120);
  if (name.length < 2) return no('invalid', "Enter the attendee's name.");
  if (input.agencyId && !area.battingOrder.includes(input.agencyId)) return no('invalid', 'Unknown agency.');
  if (input.role === 'representative' && !input.agencyId)
    return no('invalid', 'Choose the agency they represent.');
  if (input.role !== 'representative' && !input.chairPermission && !isChair(meeting, actor))
    return no(
      'invalid',
      `An ${input.role} attends only with the chair's permission: confirm the chair agreed.`,
    );
  return store.tx(async (r) => {
    const s = await liveState(r, meetingId);
    const at = iso(clock);
    const attendee: Attendee = {
      meetingId,
      aadObjectId: `recorded:${crypto.randomUUID()}`,
      displayName: name,
      agencyId: input.agencyId,
      present: true,
      source: 'recorded',
      firstSeenAt: at,
      lateJoiner: s.stage !== 'waiting' && !!s.declarationPostedAt,
      role: input.role,
      attendingBy: input.attendingBy,
      recordedBy: actorRef(actor),
    };
    await r.attendance.put(attendee);
    await audit(r, clock, {
      actor: actorRef(actor),
      action: 'attendance.recorded',
      subject: `meeting:${meetingId}`,
      outcome: 'done',
      details: {
        role: input.role,
        attendingBy: input.attendingBy,
        agencyId: input.agencyId,
        confirmed: input.confirmed,
      },
    });
    await r.events.append(
      {
        type: 'AttendeeJoined',
        meetingId,
        aadObjectId: attendee.aadObjectId,
        displayName: name,
        late: attendee.lateJoiner,
      },
      at,
    );
    if (input.confirmed) await addRecordedConfirmation(deps, r, actor, attendee, area.declaration.version);
    return attendee;
  });
}

/** Record the verbal confirmation of someone already present (a Teams attendee on a phone, say). */
export async function recordConfirmation(
  deps: RoomDeps,
  meetingId: string,
  actor: Actor,
  aadObjectId: string,
): Promise<Confirmation> {
  const { store, clock } = deps;
  const { meeting, area } = await loadMeeting(store.repos, meetingId);
  const no = (code: 'forbidden' | 'invalid', message: string) =>
    refuse(store, clock, actor, 'declaration.record', `meeting:${meetingId}`, code, message);
  if (!mayRecordAttendance(meeting, actor)) return no('forbidden', RECORDER_ONLY);
  const attendee = await store.repos.attendance.get(meetingId, aadObjectId);
  if (!attendee?.present) return no('invalid', 'That person is not recorded as present in this meeting.');
  const out = await store.tx(async (r) => {
    const existing = (await r.confirmations.list(meetingId)).find((c) => c.aadObjectId === aadObjectId);
    return existing ?? (await addRecordedConfirmation(deps, r, actor, attendee, area.declaration.version));
  });
  return out;
}

async function addRecordedConfirmation(
  deps: RoomDeps,
  r: Repos,
  actor: Actor,
  a: Attendee,
  version: string,
): Promise<Confirmation> {
  const at = iso(deps.clock);
  const c: Confirmation = {
    meetingId: a.meetingId,
    aadObjectId: a.aadObjectId,
    displayName: a.displayName,
    agencyId: a.agencyId,
    confirmedAt: at,
    method: 'recorded',
    declarationVersion: version,
    recordedBy: actorRef(actor),
  };
  if (!(await r.confirmations.add(c)))
    return (await r.confirmations.list(a.meetingId)).find((x) => x.aadObjectId === a.aadObjectId)!;
  await audit(r, deps.clock, {
    actor: actorRef(actor),
    action: 'declaration.confirmed',
    subject: `meeting:${a.meetingId}`,
    outcome: 'done',
    details: { method: 'recorded', for: a.aadObjectId, version },
  });
  await r.events.append(
    {
      type: 'DeclarationConfirmed',
      meetingId: a.meetingId,
      aadObjectId: a.aadObjectId,
      displayName: a.displayName,
      method: 'recorded',
    },
    at,
  );
  return c;
}
