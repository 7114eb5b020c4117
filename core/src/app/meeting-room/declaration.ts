import type { Repos } from '../../ports/repositories.js';
import type { AgencyId, AreaConfig } from '../../domain/area.js';
import type {
  Attendee,
  Confirmation,
  ConfirmationMethod,
  PresenceSource,
  RollCall,
} from '../../domain/confidentiality.js';
import { rollCall } from '../../domain/confidentiality.js';
import { liveState } from './running-order.js';
import { isLateArrival } from '../../domain/cues.js';
import type { LiveMeeting } from '../../domain/hearing.js';
import type { Meeting } from '../../domain/meeting.js';
import type { Person } from '../../domain/person.js';
import { DomainError } from '../../domain/errors.js';
import {
  type Actor,
  type RoomDeps,
  actorRef,
  audit,
  iso,
  loadMeeting,
  requireChair,
  resolveActor,
} from './context.js';
import { maySeeMeeting } from './card-scope.js';
import { directoryAgency } from './agency-lookup.js';

export { liveState } from './running-order.js';

/** The chair's `declaration` (typed, or the tab's control): only someone who may run the meeting. */
export async function postDeclaration(deps: RoomDeps, meetingId: string, actor: Actor) {
  const { meeting } = await loadMeeting(deps.store.repos, meetingId);
  await requireChair(deps, meeting, actor, 'chair.declaration');
  return openDeclaration(deps, meetingId, actor);
}

/** Post the declaration (meeting-start event or the chair's `declaration`). Idempotent for the state. */
export async function openDeclaration(deps: RoomDeps, meetingId: string, actor: Actor) {
  const { store, clock } = deps;
  return store.tx(async (r) => {
    const { meeting, area } = await loadMeeting(r, meetingId);
    const s = await liveState(r, meetingId);
    if (s.stage === 'waiting') {
      const next: LiveMeeting = {
        ...s,
        stage: 'declaration',
        declarationPostedAt: clock.now(),
        version: s.version + 1,
      };
      if (!(await r.live.put(next)))
        throw new DomainError('stale', 'The meeting changed at the same moment; try again.');
      if (meeting.status === 'planned') await r.meetings.put({ ...meeting, status: 'live' }, meeting.version);
    }
    await audit(r, clock, {
      actor: actorRef(actor),
      action: 'declaration.posted',
      subject: `meeting:${meetingId}`,
      outcome: 'done',
      details: { version: area.declaration.version },
    });
    await r.events.append(
      { type: 'DeclarationPosted', meetingId, version: area.declaration.version },
      iso(clock),
    );
    return area.declaration;
  });
}

export interface PresenceChange {
  attendee: Attendee;
  /** Newly present (joined or first spoke) now. */
  arrived: boolean;
}

/**
 * What deciding someone's arrival needs, read before any write lock is taken: none of it guards an
 * invariant (a meeting that starts as they arrive may call them late or not), and under the lock
 * each read would hold every other writer back for a round trip. `seen` is their presence as read
 * now: when it says present, there is nothing to write.
 */
interface ArrivalFacts {
  seen?: Attendee;
  person?: Person;
  agencyId?: AgencyId;
  /** The agency they picked on a card before (asked once, remembered); not read when `seen` is present. */
  remembered?: AgencyId;
  late: boolean;
}

async function arrivalFacts(deps: RoomDeps, meetingId: string, aadObjectId: string): Promise<ArrivalFacts> {
  const r = deps.store.repos;
  // Most messages come from people already present: answer that from one read, without a
  // write lock or a directory look-up.
  const seen = await r.attendance.get(meetingId, aadObjectId);
  if (seen?.present) return { seen, late: false };
  const [person, remembered, fromDirectory, live] = await Promise.all([
    r.people.byAadObjectId(aadObjectId),
    rememberedAgency(r, aadObjectId),
    directoryAgency(deps, meetingId, aadObjectId),
    r.live.get(meetingId),
  ]);
  return {
    seen,
    person,
    remembered,
    agencyId: person?.agencyId ?? seen?.agencyId ?? remembered ?? fromDirectory,
    // No running order stored yet: no case has started, so nobody is late.
    late: live ? isLateArrival(live) : false,
  };
}

/** Inside the caller's transaction: records the arrival, unless they are already present. */
async function arrive(
  r: Repos,
  { clock }: RoomDeps,
  meetingId: string,
  who: { aadObjectId: string; displayName: string },
  source: PresenceSource,
  confirming: boolean,
  facts: ArrivalFacts,
): Promise<PresenceChange> {
  // Read again under the lock: two deliveries of someone's first message arrive them once.
  const prior = await r.attendance.get(meetingId, who.aadObjectId);
  if (prior?.present) return { attendee: prior, arrived: false };
  const { person } = facts;
  const attendee: Attendee = {
    meetingId,
    aadObjectId: who.aadObjectId,
    displayName: person?.displayName ?? who.displayName,
    agencyId: facts.agencyId ?? prior?.agencyId,
    present: true,
    source,
    firstSeenAt: prior?.firstSeenAt ?? iso(clock),
    lateJoiner: facts.late,
  };
  await r.attendance.put(attendee);
  // The people page shows who Teams has seen: set once, on the person as it stands under the
  // lock (a coordinator may be editing them), in the write this arrival makes anyway.
  if (person && !person.seenInTeamsAt && source !== 'recorded') {
    const current = await r.people.byAadObjectId(who.aadObjectId);
    if (current && !current.seenInTeamsAt) await r.people.put({ ...current, seenInTeamsAt: iso(clock) });
  }
  await audit(r, clock, {
    actor: `aad:${who.aadObjectId}`,
    action: 'attendance.present',
    subject: `meeting:${meetingId}`,
    outcome: 'done',
    details: { source, late: attendee.lateJoiner },
  });
  await r.events.append(
    {
      type: 'AttendeeJoined',
      meetingId,
      aadObjectId: who.aadObjectId,
      displayName: attendee.displayName,
      late: attendee.lateJoiner,
      ...(confirming ? { confirming } : {}),
    },
    iso(clock),
  );
  return { attendee, arrived: true };
}

/** Record someone as present: joined per Teams, spoke in the chat, or recorded by the coordinator. */
export async function markPresent(
  deps: RoomDeps,
  meetingId: string,
  who: { aadObjectId: string; displayName: string },
  source: PresenceSource,
): Promise<PresenceChange> {
  const facts = await arrivalFacts(deps, meetingId, who.aadObjectId);
  if (facts.seen?.present) return { attendee: facts.seen, arrived: false };
  return deps.store.tx((r) => arrive(r, deps, meetingId, who, source, false, facts));
}

export async function markLeft(deps: RoomDeps, meetingId: string, aadObjectId: string) {
  const { store, clock } = deps;
  await store.tx(async (r) => {
    const prior = await r.attendance.get(meetingId, aadObjectId);
    if (!prior?.present) return;
    await r.attendance.put({ ...prior, present: false, leftAt: iso(clock) });
    await audit(r, clock, {
      actor: `aad:${aadObjectId}`,
      action: 'attendance.left',
      subject: `meeting:${meetingId}`,
      outcome: 'done',
    });
    await r.events.append({ type: 'AttendeeLeft', meetingId, aadObjectId }, iso(clock));
  });
}

/** An agency someone picked on a declaration card before: asked once, remembered. */
async function rememberedAgency(r: Repos, aadObjectId: string): Promise<AgencyId | undefined> {
  const ref = await r.conversations.getPersonal(`agency:${aadObjectId}`);
  return typeof ref?.agencyId === 'string' ? ref.agencyId : undefined;
}

export async function rememberAgency(r: Repos, aadObjectId: string, agencyId: AgencyId) {
  await r.conversations.putPersonal(`agency:${aadObjectId}`, { agencyId });
}

export type ConfirmResult =
  | { recorded: boolean; confirmation: Confirmation; refused?: undefined }
  /** Someone not invited to a closed session: present and flagged, never counted as confirming. */
  | { recorded: false; confirmation?: undefined; refused: 'not-invited' };

/**
 * Record that someone confirmed the declaration. Confirming twice, or Teams delivering the same
 * activity twice, records once. Whoever confirms is also present. In a closed session, someone
 * not invited is recorded as present (the roll call flags them, and the chair cannot open its
 * case while they are there) but their confirmation is refused and audited: a stranger typing
 * "I agree" must not read as one more person entitled to hear the case.
 */
export async function confirmDeclaration(
  deps: RoomDeps,
  meetingId: string,
  actor: Actor,
  method: ConfirmationMethod,
  messageId?: string,
  agencyId?: AgencyId,
  /**
   * The inbound activity's once-only claim (Teams may deliver it twice), taken in the same
   * transaction as the confirmation, its audit entry and its event: one commit per activity.
   */
  once?: { key: string; owner: string },
  /**
   * The meeting and its area as this turn read them (the invitations and the declaration's
   * version it confirms): not read again inside the transaction.
   */
  known?: { meeting: Meeting; area: AreaConfig },
): Promise<ConfirmResult> {
  const { store, clock } = deps;
  const facts = await arrivalFacts(deps, meetingId, actor.aadObjectId);
  // An agency picked on the card by someone the directory does not place: remembered for their
  // next meeting, written only when it changes.
  const remember = agencyId && !actor.person?.agencyId ? agencyId : undefined;
  const remembered =
    remember &&
    (facts.seen?.present ? await rememberedAgency(store.repos, actor.aadObjectId) : facts.remembered);
  return store.tx(async (r): Promise<ConfirmResult> => {
    if (once && !(await r.claims.claim(once.key, once.owner, iso(clock)))) {
      // Delivered before: the confirmation committed with that delivery's claim stands. (None
      // means that delivery recorded nothing; deciding again below changes nothing either.)
      const before = (await r.confirmations.list(meetingId)).find((c) => c.aadObjectId === actor.aadObjectId);
      if (before) return { recorded: false, confirmation: before };
    }
    // Their arrival commits with their confirmation: one transaction for the activity. It is
    // recorded even when they are refused below: the roll call flags who is there uninvited.
    const present = facts.seen?.present
      ? facts.seen
      : (
          await arrive(r, deps, meetingId, actor, method === 'recorded' ? 'recorded' : 'spoke', true, {
            ...facts,
            agencyId: facts.agencyId ?? agencyId,
          })
        ).attendee;
    if (remember && remembered !== remember) await rememberAgency(r, actor.aadObjectId, remember);
    const { meeting, area } = known ?? (await loadMeeting(r, meetingId));
    if (!maySeeMeeting(actor, meeting)) {
      await audit(r, clock, {
        actor: actorRef(actor),
        action: 'declaration.confirmed',
        subject: `meeting:${meetingId}`,
        outcome: 'refused',
        details: { reason: 'not-invited', method, messageId },
      });
      return { recorded: false, refused: 'not-invited' };
    }
    // Presence was just recorded (or found); it is read again only to add the agency they picked.
    const attendee =
      agencyId && !present.agencyId ? await r.attendance.get(meetingId, actor.aadObjectId) : present;
    if (agencyId && attendee && !attendee.agencyId) await r.attendance.put({ ...attendee, agencyId });
    const confirmation: Confirmation = {
      meetingId,
      aadObjectId: actor.aadObjectId,
      personId: actor.person?.id,
      displayName: actor.person?.displayName ?? actor.displayName,
      agencyId: actor.person?.agencyId ?? agencyId ?? attendee?.agencyId,
      confirmedAt: iso(clock),
      method,
      messageId,
      declarationVersion: area.declaration.version,
    };
    const recorded = await r.confirmations.add(confirmation);
    if (!recorded) {
      const existing = (await r.confirmations.list(meetingId)).find(
        (c) => c.aadObjectId === actor.aadObjectId,
      )!;
      return { recorded, confirmation: existing };
    }
    await audit(r, clock, {
      actor: actorRef(actor),
      action: 'declaration.confirmed',
      subject: `meeting:${meetingId}`,
      outcome: 'done',
      details: { method, messageId, version: area.declaration.version },
    });
    await r.events.append(
      {
        type: 'DeclarationConfirmed',
        meetingId,
        aadObjectId: actor.aadObjectId,
        displayName: confirmation.displayName,
        method,
      },
      iso(clock),
    );
    return { recorded, confirmation };
  });
}

/**
 * The roll call, with `uninvited`: people present in a closed session's chat who are not among
 * its invitees (flagged on the roll call; the chair cannot open its case while they are there).
 */
export async function currentRollCall(
  r: Repos,
  meetingId: string,
  /** The meeting, when the caller has read it already. */
  known?: Meeting,
): Promise<RollCall & { confirmations: Confirmation[]; uninvited: Attendee[] }> {
  const [attendees, confirmations, meeting] = await Promise.all([
    r.attendance.list(meetingId),
    r.confirmations.list(meetingId),
    known ?? r.meetings.get(meetingId),
  ]);
  const rc = rollCall(attendees, confirmations);
  const uninvited: Attendee[] = [];
  if (meeting?.kind === 'closed')
    for (const a of rc.present)
      if (!maySeeMeeting(await resolveActor(r, a.aadObjectId, a.displayName), meeting)) uninvited.push(a);
  if (!uninvited.length) return { ...rc, confirmations, uninvited };
  // Not invited is never "confirmed", even with a confirmation on record (one made before the
  // invitations changed): such a person counts as unconfirmed as well as not invited.
  const out = new Set(uninvited.map((a) => a.aadObjectId));
  const counted = rollCall(
    attendees,
    confirmations.filter((c) => !out.has(c.aadObjectId)),
  );
  return { ...counted, confirmations: confirmations.filter((c) => !out.has(c.aadObjectId)), uninvited };
}
