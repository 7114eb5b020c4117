import { DomainError } from '../../domain/errors.js';
import { currentCase, nextPhase, speakerOf } from '../../domain/live-meeting.js';
import { hasRole } from '../../domain/person.js';
import { type Actor, type RoomDeps, actorRef, audit, iso, loadMeeting, mayChair, refuse } from './context.js';
import { liveState } from './declaration.js';

/**
 * The IDVA confirms the proposed actions are as safe as possible for the victim (SafeLives
 * toolkit), after action planning and before the read-back; the chair may confirm on their
 * behalf, which is recorded as such. Confirming moves the case on to the read-back.
 */
export async function confirmPlanSafe(deps: RoomDeps, meetingId: string, actor: Actor) {
  const { store, clock } = deps;
  const { meeting } = await loadMeeting(store.repos, meetingId);
  const s0 = await liveState(store.repos, meetingId);
  const idva = s0.idvaAgencyId;
  const isIdva =
    !!idva &&
    (actor.person?.agencyId === idva ||
      (await store.repos.attendance.get(meetingId, actor.aadObjectId))?.agencyId === idva) &&
    (!actor.person || hasRole(actor.person, 'idva', 'agency-rep'));
  const chairing = mayChair(meeting, actor);
  if (!isIdva && !chairing)
    return refuse(
      store,
      clock,
      actor,
      'case.safety',
      `meeting:${meetingId}`,
      'forbidden',
      'Only the IDVA, or the chair on their behalf, confirms the plan is safe.',
    );
  return store.tx(async (r) => {
    const s = await liveState(r, meetingId);
    const c = currentCase(s);
    if (!c || c.phase?.kind !== 'safety')
      throw new DomainError('invalid', 'The safety check comes after action planning, before the read-back.');
    const next = structuredClone(s);
    const run = currentCase(next)!;
    const onBehalf = !isIdva;
    run.safetyConfirmed = { at: clock.now(), by: actorRef(actor), onBehalf };
    run.phase = nextPhase(next, run, run.phase!);
    next.version = s.version + 1;
    if (!(await r.live.put(next)))
      throw new DomainError('stale', 'The meeting has already moved on; here is where it is now.');
    await r.events.append({ type: 'SafetyConfirmed', meetingId, caseId: run.caseId, onBehalf }, iso(clock));
    await r.events.append(
      {
        type: 'SpeakerAdvanced',
        meetingId,
        caseId: run.caseId,
        phase: run.phase!.kind,
        agencyId: speakerOf(next, run),
      },
      iso(clock),
    );
    await audit(r, clock, {
      actor: actorRef(actor),
      action: 'case.safety',
      subject: `case:${run.caseId}`,
      outcome: 'done',
      details: { meetingId, onBehalf, reference: run.reference },
    });
    return next;
  });
}
