import type { AgencyId } from './area.js';
import { DomainError } from './errors.js';
import type { DomainEvent } from './events.js';
import type { CaseRun, LiveMeeting, Phase } from './hearing.js';

/**
 * How the chair moves a MARAC: the referring agency presents, every agency shares information
 * in batting order, the chair summarises risks, agencies volunteer actions in the same order,
 * then the chair reads the actions back. Pure: `decide` returns the next state and the events;
 * the caller stores them and tells everyone.
 */
export type ChairCommand =
  | { type: 'start' }
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'next-case' }
  | { type: 'case'; position: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'extend'; minutes: number }
  | { type: 'defer'; reason: string }
  | { type: 'plus' }
  | { type: 'no-information' }
  | { type: 'end' };

export interface Decision {
  state: LiveMeeting;
  events: DomainEvent[];
}

/** Agencies sharing information after the referrer presented: batting order without the referrer. */
export const informationOrder = (battingOrder: AgencyId[], referrer: AgencyId) =>
  battingOrder.filter((a) => a !== referrer);
/** Actions are volunteered by everyone, referrer first. */
export const actionOrder = (battingOrder: AgencyId[], referrer: AgencyId) => [
  referrer,
  ...informationOrder(battingOrder, referrer),
];

/** Who speaks in this phase (undefined when the chair speaks). */
export function speakerOf(
  state: Pick<LiveMeeting, 'battingOrder' | 'idvaAgencyId'>,
  c: CaseRun,
  phase: Phase | undefined = c.phase,
): AgencyId | undefined {
  if (!phase) return undefined;
  if (phase.kind === 'referral') return c.referringAgencyId;
  if (phase.kind === 'information')
    return informationOrder(state.battingOrder, c.referringAgencyId)[phase.agencyIndex];
  if (phase.kind === 'actions')
    return actionOrder(state.battingOrder, c.referringAgencyId)[phase.agencyIndex];
  if (phase.kind === 'safety') return state.idvaAgencyId;
  return undefined;
}

/** The phase after `p` in this case, or undefined after the read-back. */
export function nextPhase(
  state: Pick<LiveMeeting, 'battingOrder' | 'idvaAgencyId'>,
  c: CaseRun,
  p: Phase,
): Phase | undefined {
  const info = informationOrder(state.battingOrder, c.referringAgencyId).length;
  const acts = actionOrder(state.battingOrder, c.referringAgencyId).length;
  switch (p.kind) {
    case 'referral':
      return info > 0 ? { kind: 'information', agencyIndex: 0 } : { kind: 'risk-summary' };
    case 'information':
      return p.agencyIndex + 1 < info
        ? { kind: 'information', agencyIndex: p.agencyIndex + 1 }
        : { kind: 'risk-summary' };
    case 'risk-summary':
      return { kind: 'actions', agencyIndex: 0 };
    case 'actions':
      return p.agencyIndex + 1 < acts
        ? { kind: 'actions', agencyIndex: p.agencyIndex + 1 }
        : state.idvaAgencyId
          ? { kind: 'safety' }
          : { kind: 'read-back' };
    case 'safety':
      return { kind: 'read-back' };
    case 'read-back':
      return undefined;
  }
}

export function previousPhase(
  state: Pick<LiveMeeting, 'battingOrder' | 'idvaAgencyId'>,
  c: CaseRun,
  p: Phase,
): Phase | undefined {
  const info = informationOrder(state.battingOrder, c.referringAgencyId).length;
  const acts = actionOrder(state.battingOrder, c.referringAgencyId).length;
  switch (p.kind) {
    case 'referral':
      return undefined;
    case 'information':
      return p.agencyIndex > 0
        ? { kind: 'information', agencyIndex: p.agencyIndex - 1 }
        : { kind: 'referral' };
    case 'risk-summary':
      return info > 0 ? { kind: 'information', agencyIndex: info - 1 } : { kind: 'referral' };
    case 'actions':
      return p.agencyIndex > 0
        ? { kind: 'actions', agencyIndex: p.agencyIndex - 1 }
        : { kind: 'risk-summary' };
    case 'safety':
      return { kind: 'actions', agencyIndex: acts - 1 };
    case 'read-back':
      return state.idvaAgencyId ? { kind: 'safety' } : { kind: 'actions', agencyIndex: acts - 1 };
  }
}

export const phaseLabel = (p: Phase | undefined): string =>
  !p
    ? 'not started'
    : p.kind === 'referral'
      ? 'Referral'
      : p.kind === 'information'
        ? 'Information sharing'
        : p.kind === 'risk-summary'
          ? 'Risk summary'
          : p.kind === 'actions'
            ? 'Action planning'
            : p.kind === 'safety'
              ? 'Safety check: the IDVA confirms the plan'
              : 'Read-back';

/** Milliseconds left on a case timer (negative when overrunning). */
export const timeLeftMs = (c: Pick<CaseRun, 'timer'>, now: number): number =>
  c.timer ? c.timer.deadline - (c.timer.pausedAt ?? now) : 0;

export const currentCase = (s: LiveMeeting): CaseRun | undefined =>
  s.current === undefined ? undefined : s.cases[s.current];

export interface DueWarning {
  caseId: string;
  minutesBefore: number;
  /** Once-only key: a warning is given once per deadline extension. */
  key: string;
}

/** Warnings due now for the current case (minutes before the deadline, 0 = time is up), oldest first. */
/** A case is being heard with its timer running: only then can a warning fall due. */
export function runningTimer(s: LiveMeeting) {
  const c = currentCase(s);
  return s.stage === 'hearing' && c?.timer && c.timer.pausedAt === undefined ? c : undefined;
}

export function dueWarnings(s: LiveMeeting, warningMinutes: number[], now: number): DueWarning[] {
  const c = runningTimer(s);
  if (!c?.timer) return [];
  const marks = [...new Set([...warningMinutes, 0])].sort((a, b) => b - a);
  return marks
    .filter((m) => now >= c.timer!.deadline - m * 60_000)
    .map((m) => ({
      caseId: c.caseId,
      minutesBefore: m,
      key: `warn:${s.meetingId}:${c.caseId}:${c.timer!.extensions}:${m}`,
    }));
}

const invalid = (message: string, choices?: string[]) =>
  new DomainError('invalid', message, choices ? { choices } : {});

export function decide(s: LiveMeeting, cmd: ChairCommand, now: number, slotMinutes: number): Decision {
  if (s.stage === 'ended') throw invalid('The meeting has ended.');
  const next: LiveMeeting = structuredClone(s);
  next.version = s.version + 1;
  const events: DomainEvent[] = [];
  const id = s.meetingId;
  const cur = () => currentCase(next);
  const spoke = (c: CaseRun) =>
    events.push({
      type: 'SpeakerAdvanced',
      meetingId: id,
      caseId: c.caseId,
      phase: c.phase!.kind,
      agencyId: speakerOf(next, c),
    });
  const timerChanged = (c: CaseRun) =>
    events.push({
      type: 'TimerChanged',
      meetingId: id,
      caseId: c.caseId,
      deadline: c.timer!.deadline,
      paused: c.timer!.pausedAt !== undefined,
    });

  const open = (index: number) => {
    const c = next.cases[index];
    next.current = index;
    next.stage = 'hearing';
    c.status = 'current';
    if (!c.timer) {
      c.phase = { kind: 'referral' };
      c.startedAt = now;
      c.timer = { slotMs: slotMinutes * 60_000, deadline: now + slotMinutes * 60_000, extensions: 0 };
    } else if (c.timer.pausedAt !== undefined) {
      c.timer.deadline += now - c.timer.pausedAt;
      delete c.timer.pausedAt;
    }
    events.push({
      type: 'CaseOpened',
      meetingId: id,
      caseId: c.caseId,
      reference: c.reference,
      position: c.position,
    });
    spoke(c);
    timerChanged(c);
  };
  const close = (outcome: 'heard' | 'deferred' | 'referred-to-plus', reason?: string) => {
    const c = cur();
    if (!c) return;
    c.status = outcome;
    c.endedAt = now;
    if (c.timer && c.timer.pausedAt === undefined) c.timer.pausedAt = now;
    if (reason) c.deferReason = reason;
    next.current = undefined;
    events.push({ type: 'CaseClosed', meetingId: id, caseId: c.caseId, outcome });
  };
  /** Leave a case unfinished (jumping to another): its timer stops and it can be reopened. */
  const leave = () => {
    const c = cur();
    if (!c) return;
    c.status = 'pending';
    if (c.timer && c.timer.pausedAt === undefined) c.timer.pausedAt = now;
    next.current = undefined;
  };
  const nextPendingIndex = () => next.cases.findIndex((c) => c.status === 'pending');
  const openNextOrFinish = () => {
    const i = nextPendingIndex();
    if (i >= 0) open(i);
    else next.stage = 'opening';
  };
  const needCase = () => {
    const c = cur();
    if (!c) throw invalid('No case is open. Say `next case` or `case N`.', caseChoices(next));
    return c;
  };

  switch (cmd.type) {
    case 'start': {
      if (s.stage === 'hearing') throw invalid('The meeting has already started.');
      if (!next.startedAt) {
        next.startedAt = now;
        events.push({ type: 'MeetingStarted', meetingId: id });
      }
      next.stage = 'opening';
      break;
    }
    case 'next': {
      if (next.stage !== 'hearing') {
        if (next.stage !== 'opening')
          throw invalid('Say `start` first: the declaration comes before any case.');
        const i = nextPendingIndex();
        if (i < 0) throw invalid('Every case has been heard. Say `end` to close the meeting.');
        open(i);
        break;
      }
      const c = needCase();
      if (c.phase!.kind === 'safety' && !c.safetyConfirmed)
        throw invalid(
          'The IDVA has not confirmed the plan is as safe as possible: they press "The plan is safe" on the case card, or the chair says `safe` on their behalf.',
        );
      const p = nextPhase(next, c, c.phase!);
      if (!p) {
        close('heard');
        openNextOrFinish();
      } else {
        c.phase = p;
        spoke(c);
      }
      break;
    }
    case 'back': {
      const c = needCase();
      const p = previousPhase(next, c, c.phase!);
      if (!p) throw invalid('This case is at its first step (the referral).');
      c.phase = p;
      spoke(c);
      break;
    }
    case 'next-case': {
      if (next.stage !== 'hearing' && next.stage !== 'opening') throw invalid('Say `start` first.');
      if (cur()) close('heard');
      const i = nextPendingIndex();
      if (i < 0) {
        next.stage = 'opening';
        if (!events.length) throw invalid('Every case has been heard. Say `end` to close the meeting.');
      } else open(i);
      break;
    }
    case 'case': {
      if (next.stage !== 'hearing' && next.stage !== 'opening') throw invalid('Say `start` first.');
      const i = next.cases.findIndex((c) => c.position === cmd.position);
      if (i < 0) throw invalid(`There is no case ${cmd.position}.`, caseChoices(next));
      const target = next.cases[i];
      if (target.status !== 'pending' && target.status !== 'current')
        throw invalid(
          `Case ${cmd.position} is already ${target.status.replace(/-/g, ' ')}.`,
          caseChoices(next),
        );
      if (next.current === i) throw invalid(`Case ${cmd.position} is already open.`);
      leave();
      open(i);
      break;
    }
    case 'pause': {
      const c = needCase();
      if (c.timer!.pausedAt !== undefined) throw invalid('The timer is already paused.');
      c.timer!.pausedAt = now;
      timerChanged(c);
      break;
    }
    case 'resume': {
      const c = needCase();
      if (c.timer!.pausedAt === undefined) throw invalid('The timer is not paused.');
      c.timer!.deadline += now - c.timer!.pausedAt;
      delete c.timer!.pausedAt;
      timerChanged(c);
      break;
    }
    case 'extend': {
      const c = needCase();
      if (!(cmd.minutes > 0 && cmd.minutes <= 60))
        throw invalid('Extend by 1 to 60 minutes, e.g. `extend 5`.');
      c.timer!.deadline += cmd.minutes * 60_000;
      c.timer!.extensions += 1;
      timerChanged(c);
      break;
    }
    case 'defer':
    case 'plus': {
      needCase();
      if (cmd.type === 'defer' && !cmd.reason.trim())
        throw invalid('Say why the case is deferred, e.g. `defer referrer not present`.');
      close(
        cmd.type === 'defer' ? 'deferred' : 'referred-to-plus',
        cmd.type === 'defer' ? cmd.reason.trim() : undefined,
      );
      openNextOrFinish();
      break;
    }
    case 'no-information': {
      const c = needCase();
      const agency = speakerOf(next, c);
      if (c.phase!.kind !== 'information' || !agency)
        throw invalid('"No information held" applies while an agency is sharing information.');
      if (!c.noInformation.includes(agency)) c.noInformation.push(agency);
      const p = nextPhase(next, c, c.phase!)!;
      c.phase = p;
      spoke(c);
      break;
    }
    case 'end': {
      if (cur()) close('heard');
      next.stage = 'ended';
      next.endedAt = now;
      events.push({ type: 'MeetingEnded', meetingId: id });
      break;
    }
  }
  return { state: next, events };
}

const caseChoices = (s: LiveMeeting) =>
  s.cases.filter((c) => c.status === 'pending' || c.status === 'current').map((c) => `case ${c.position}`);

/** A fresh live state for a meeting with its agenda. */
export function newLiveMeeting(
  meetingId: string,
  battingOrder: AgencyId[],
  agenda: { caseId: string; reference: string; referringAgencyId: AgencyId; hasChildren: boolean }[],
  idvaAgencyId?: AgencyId,
): LiveMeeting {
  return {
    meetingId,
    stage: 'waiting',
    battingOrder,
    ...(idvaAgencyId && battingOrder.includes(idvaAgencyId) ? { idvaAgencyId } : {}),
    cases: agenda.map((a, i) => ({ ...a, position: i + 1, status: 'pending', noInformation: [] })),
    version: 1,
  };
}
