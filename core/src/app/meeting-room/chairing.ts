import type { Repos } from '../../ports/repositories.js';
import { declarationGate } from '../../domain/confidentiality.js';
import { type ChairCommand, decide } from '../../domain/live-meeting.js';
import type { LiveMeeting } from '../../domain/hearing.js';
import type { DomainEvent } from '../../domain/events.js';
import { DomainError } from '../../domain/errors.js';
import { type AreaConfig, minutesPerCase } from '../../domain/area.js';
import type { Meeting } from '../../domain/meeting.js';
import { systemClock } from '../../ports/clock.js';
import {
  type Actor,
  type RoomDeps,
  actorRef,
  audit,
  iso,
  loadMeeting,
  mayChair,
  refuse,
  requireChair,
} from './context.js';
import { currentRollCall, liveState } from './declaration.js';
import { isLateArrival } from '../../domain/cues.js';

export interface ChairOptions {
  /** The state version the command was given against (card buttons carry it): a stale click is refused. */
  expectedVersion?: number;
  /** `override <reason>`: open the meeting although someone present has not confirmed. */
  overrideReason?: string;
  /**
   * When a typed command was sent (Teams' timestamp, wall clock). Typed commands carry no state
   * version, so one identical to the step that produced the stored state, from the same person,
   * sent before that step took effect (two devices, or sent again while waiting) was given against
   * a state that no longer exists: it is ignored, on whichever instance it arrives.
   */
  sentAt?: number;
}

export interface ChairResult {
  state: LiveMeeting;
  events: DomainEvent[];
  /** The command repeated the last step (see `sentAt`) and changed nothing. */
  duplicate?: true;
}

/** Writers racing on one meeting: a command without a version is tried again on the fresh state. */
const ATTEMPTS = 3;

/** A command the gate holds back: nothing of it is stored; it is audited as refused and said to the chair. */
interface Refusal {
  refused: { message: string; details: Record<string, unknown> };
}

/**
 * The chair moves the meeting on: authorised, gated by the declaration, stored once, then announced.
 * The gate is decided in the command's own transaction, on the state the command changes.
 */
export async function runChairCommand(
  deps: RoomDeps,
  meetingId: string,
  actor: Actor,
  cmd: ChairCommand,
  opts: ChairOptions = {},
): Promise<ChairResult> {
  const { store, clock } = deps;
  const known = await loadMeeting(store.repos, meetingId);
  const action = `chair.${cmd.type}`;
  await requireChair(deps, known.meeting, actor, action);
  let outcome: ChairResult | Refusal;
  try {
    for (let attempt = 1; ; attempt++)
      try {
        outcome = await store.tx(async (r) => apply(r, deps, known, actor, cmd, opts));
        break;
      } catch (e) {
        const retry = e instanceof DomainError && e.code === 'stale' && opts.expectedVersion === undefined;
        if (!retry || attempt >= ATTEMPTS) throw e;
      }
  } catch (e) {
    if (e instanceof DomainError && (e.code === 'invalid' || e.code === 'stale'))
      await audit(store.repos, clock, {
        actor: actorRef(actor),
        action,
        subject: `meeting:${meetingId}`,
        outcome: 'refused',
        reason: e.message,
      });
    throw e;
  }
  if ('refused' in outcome) {
    const { message, details } = outcome.refused;
    return refuse(store, clock, actor, action, `meeting:${meetingId}`, 'gate-closed', message, details);
  }
  return outcome;
}

/**
 * Whether the gate lets this command open a case. A closed session's case is not opened while
 * someone not invited is present: the chair may override the start (recorded, naming them) but
 * never slip past it case by case. For every case, nothing opens while someone present is
 * unconfirmed, unless overridden now or by the start's override for the same people.
 */
function gateRefusal(
  rc: Awaited<ReturnType<typeof currentRollCall>>,
  before: LiveMeeting,
  cmd: ChairCommand,
  reason: string | undefined,
): Refusal | undefined {
  const strangers = rc.uninvited.map((a) => a.displayName);
  if (strangers.length && (cmd.type !== 'start' || !reason))
    return {
      refused: {
        message: `Present but not invited to this closed session: ${strangers.join(', ')}. Ask them to leave before the case is heard${cmd.type === 'start' ? ', or say `override <reason>`' : ''}.`,
        details: { uninvited: strangers },
      },
    };
  if (reason) return undefined;
  const gate = declarationGate(rc);
  if (gate.open || (cmd.type !== 'start' && startOverrideCovers(before, gate.blocking))) return undefined;
  const names = gate.blocking.map((a) => a.displayName);
  return {
    refused: {
      message: `Not everyone present has confirmed the declaration: ${names.join(', ')}. Wait for them, or say \`override <reason>\`.`,
      details: { unconfirmed: names },
    },
  };
}

async function apply(
  r: Repos,
  deps: RoomDeps,
  { meeting, area }: { meeting: Meeting; area: AreaConfig },
  actor: Actor,
  cmd: ChairCommand,
  opts: ChairOptions,
): Promise<ChairResult | Refusal> {
  const { clock } = deps;
  const meetingId = meeting.id;
  const s = await liveState(r, meetingId);
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== s.version)
    throw new DomainError('stale', 'The meeting has already moved on; here is where it is now.');
  const command = JSON.stringify(cmd);
  const last = s.lastCommand;
  if (
    opts.sentAt !== undefined &&
    last?.by === actorRef(actor) &&
    last.command === command &&
    opts.sentAt <= last.at
  )
    return { state: s, events: [], duplicate: true };
  const now = clock.now();
  const { state, events } = decide(s, cmd, now, minutesPerCase(area, meeting.kind));
  // Compared with Teams' timestamps, so the wall clock rather than the meeting clock tests drive.
  state.lastCommand = { by: actorRef(actor), command, at: systemClock.now() };
  const opened = events.find((e) => e.type === 'CaseOpened');
  const reason = opts.overrideReason?.trim();
  const rc = cmd.type === 'start' || opened ? await currentRollCall(r, meetingId, meeting) : undefined;
  const refusal = rc && gateRefusal(rc, s, cmd, reason);
  if (refusal) return refusal;
  if (reason && rc) {
    const unconfirmed = rc.unconfirmed.map((a) => a.displayName);
    const uninvited = rc.uninvited.map((a) => a.displayName);
    if (unconfirmed.length || uninvited.length) {
      const who = { unconfirmed, ...(uninvited.length ? { uninvited } : {}) };
      const record = { at: now, by: actorRef(actor), reason, ...who };
      const run = opened && state.cases.find((c) => c.caseId === opened.caseId);
      if (run) run.gateOverride = record;
      else state.gateOverride = record;
      events.unshift({
        type: 'GateOverridden',
        meetingId,
        reason,
        ...who,
        ...(run ? { caseId: run.caseId } : {}),
      });
    }
  }
  if (!(await r.live.put(state)))
    throw new DomainError('stale', 'The meeting has already moved on; here is where it is now.');
  for (const e of events) {
    if (e.type === 'CaseClosed') await recordHearing(r, meeting.id, meeting.date, e.caseId, e.outcome);
    if (e.type === 'MeetingEnded') {
      // Read again here: the meeting read before the transaction may have been edited since.
      const { meeting: current } = await loadMeeting(r, meetingId);
      await r.meetings.put({ ...current, status: 'ended' }, current.version);
      await queueForRelisting(r, deps, state);
    }
    await r.events.append(e, iso(clock));
  }
  const overridden = events.find((e) => e.type === 'GateOverridden');
  const gate = overridden && { reason: overridden.reason, unconfirmed: overridden.unconfirmed };
  await audit(r, clock, {
    actor: actorRef(actor),
    action: `chair.${cmd.type}`,
    subject: `meeting:${meetingId}`,
    outcome: 'done',
    reason: gate?.reason ?? (cmd.type === 'defer' ? cmd.reason : undefined),
    details: {
      command: cmd,
      version: state.version,
      ...(gate ? { overrideUnconfirmed: gate.unconfirmed } : {}),
    },
  });
  return { state, events };
}

async function recordHearing(
  r: Repos,
  meetingId: string,
  date: string,
  caseId: string,
  outcome: 'heard' | 'deferred' | 'referred-to-plus',
) {
  const c = await r.cases.get(caseId);
  if (!c) return;
  await r.hearings.add({
    caseId,
    meetingId,
    heardOn: date,
    victimKey: c.victimKey,
    perpetratorKeys: c.perpetratorKeys,
    outcome,
  });
  await r.cases.put({ ...c, status: outcome }, c.version);
}

/**
 * When the meeting ends, cases it did not finish join the "to be re-listed" queue: deferred,
 * sent to MARAC Plus, or not reached. Each is audited so the coordinator can see why it waits.
 */
async function queueForRelisting(r: Repos, deps: RoomDeps, state: LiveMeeting) {
  for (const run of state.cases) {
    const c = await r.cases.get(run.caseId);
    if (!c) continue;
    const status = run.status === 'pending' || run.status === 'current' ? 'not-reached' : run.status;
    if (status === 'heard') continue;
    if (c.status !== status) await r.cases.put({ ...c, status }, c.version);
    await audit(r, deps.clock, {
      actor: 'system',
      action: 'case.queued',
      subject: `case:${c.id}`,
      outcome: 'done',
      details: { meetingId: state.meetingId, why: status },
    });
  }
}

/**
 * The override given at `start` also opens the first case for the same people (one decision, not
 * two); anyone else unconfirmed, or any later case, needs the gate open or its own override.
 */
function startOverrideCovers(s: LiveMeeting, blocking: { displayName: string }[]) {
  const named = new Set(s.gateOverride?.unconfirmed ?? []);
  return !!s.gateOverride && !isLateArrival(s) && blocking.every((a) => named.has(a.displayName));
}

/**
 * `override <reason>`: the chair moves on although someone present has not confirmed — `start`
 * before the first case, otherwise `next` (which opens the next case). Recorded with the names.
 */
export async function overrideGate(deps: RoomDeps, meetingId: string, actor: Actor, reason: string) {
  const s = await liveState(deps.store.repos, meetingId);
  const cmd: ChairCommand =
    s.stage === 'waiting' || s.stage === 'declaration' ? { type: 'start' } : { type: 'next' };
  return runChairCommand(deps, meetingId, actor, cmd, { overrideReason: reason });
}

/** Who may run the meeting: for showing the chair's controls only to the chair and coordinator. */
export async function canChair(deps: RoomDeps, meetingId: string, actor: Actor) {
  const { meeting } = await loadMeeting(deps.store.repos, meetingId);
  return mayChair(meeting, actor);
}
