import {
  type Agency,
  type Attendee,
  type LiveMeeting,
  type Repos,
  type MaracAction,
  currentCase,
  currentRollCall,
  loadMeeting,
  phaseLabel,
  speakerOf,
  nextPhase,
  timeLeftMs,
  liveState,
  localTime,
  areaTimeZone,
  invitedAgencies,
} from '@marac/core';
import type { CaseData, ChairControlsData, RollCallData } from '../cards/card-data.js';

/** Everything a card about one meeting needs, read once. Case references only, never names. */
export async function meetingView(r: Repos, meetingId: string) {
  const { meeting, area } = await loadMeeting(r, meetingId);
  const [agencies, state, rc, research] = await Promise.all([
    r.agencies.list(area.id),
    liveState(r, meetingId),
    currentRollCall(r, meetingId),
    r.research.list({ meetingId }),
  ]);
  const agencyName = (id?: string) =>
    agencies.find((a) => a.id === id)?.name ?? (id ? id : 'agency not known');
  /** Agencies (in batting order) that returned research on a case, held or none held. */
  const researchReturned = (caseId: string) =>
    area.battingOrder.filter((a) => research.some((x) => x.caseId === caseId && x.agencyId === a));
  return { meeting, area, agencies, state, rc, agencyName, researchReturned };
}
export type MeetingView = Awaited<ReturnType<typeof meetingView>>;

/** A time of day on the area's wall clock (BST in summer), as every card shows it. */
export const clockTime = (ms: number, timeZone?: string) => localTime(ms, timeZone);
export const mmss = (ms: number) => {
  const s = Math.round(Math.abs(ms) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export function rollCallData(v: MeetingView): RollCallData {
  return {
    confirmedCount: v.rc.confirmed.length,
    presentCount: v.rc.present.length,
    summaryColor: v.rc.unconfirmed.length || v.rc.uninvited.length ? 'Attention' : 'Good',
    uninvited: v.rc.uninvited.map((a) => ({ name: a.displayName, agency: v.agencyName(a.agencyId) })),
    unconfirmed: v.rc.unconfirmed.map((a) => ({
      name: a.displayName,
      agency: v.agencyName(a.agencyId),
      late: a.lateJoiner ? ' · joined late' : '',
    })),
  };
}

/** Agencies relevant to a case with nobody present: the chair may defer or go on knowingly. */
export function coverageGaps(v: MeetingView, run: LiveMeeting['cases'][number]): string[] {
  const present = new Set(v.rc.present.map((a) => a.agencyId).filter(Boolean));
  const gaps: string[] = [];
  if (!present.has(run.referringAgencyId)) gaps.push(`${v.agencyName(run.referringAgencyId)} (the referrer)`);
  if (run.hasChildren && !present.has('csc') && v.area.battingOrder.includes('csc'))
    gaps.push(`${v.agencyName('csc')} (children in the household)`);
  return gaps;
}

export const absentAgencies = (v: MeetingView) => {
  const present = new Set(v.rc.present.map((a) => a.agencyId).filter(Boolean));
  return v.area.battingOrder.filter((id) => !present.has(id));
};

export function repFor(v: MeetingView, agencyId?: string): Attendee | undefined {
  return v.rc.present.find((a) => a.agencyId === agencyId);
}

export function caseData(
  v: MeetingView,
  run: LiveMeeting['cases'][number],
  actions: MaracAction[],
  now: number,
): CaseData {
  const speaking = run.phase ? speakerOf(v.state, run) : undefined;
  const after = run.phase ? nextPhase(v.state, run, run.phase) : undefined;
  const nextSpeaker = after ? speakerOf(v.state, run, after) : undefined;
  const who = (id: string | undefined, p: typeof run.phase) =>
    !p
      ? '—'
      : id
        ? `${v.agencyName(id)}${repFor(v, id) ? '' : ' (not present)'}${run.noInformation.includes(id) ? ' · no information held' : ''}`
        : p.kind === 'read-back'
          ? 'Chair: read-back of actions'
          : 'Chair: risk summary';
  const left = timeLeftMs(run, now);
  const tz = areaTimeZone(v.area);
  const time = !run.timer
    ? `${Math.round(v.area.minutesPerCase[v.meeting.kind])} minutes`
    : run.status !== 'current'
      ? `closed (${run.status.replace(/-/g, ' ')})`
      : run.timer.pausedAt !== undefined
        ? `paused with ${mmss(left)} left`
        : left >= 0
          ? `${mmss(left)} left at ${clockTime(now, tz)} · ends ${clockTime(run.timer.deadline, tz)}`
          : `over by ${mmss(left)} · was due ${clockTime(run.timer.deadline, tz)}`;
  const absent = new Set(absentAgencies(v));
  const returned = v.researchReturned(run.caseId);
  return {
    meetingId: v.meeting.id,
    caseId: run.caseId,
    position: run.position,
    total: v.state.cases.length,
    reference: run.reference,
    statusLine:
      run.status === 'current'
        ? 'Being heard'
        : run.status === 'pending'
          ? 'Waiting'
          : `Closed: ${run.status.replace(/-/g, ' ')}${run.deferReason ? ` (${run.deferReason})` : ''}`,
    phase: phaseLabel(run.phase),
    current: who(speaking, run.phase),
    next: after ? who(nextSpeaker, after) : 'next case',
    time,
    research: v.meeting.publication
      ? `${returned.length ? returned.map((id) => v.agencyName(id)).join(', ') : 'none yet'} (${returned.length} of ${invitedAgencies(v.meeting, v.area).length} agencies)`
      : '',
    notPresent: v.area.battingOrder
      .filter((id) => absent.has(id))
      .map((id) => v.agencyName(id))
      .join(', '),
    actions: actions
      .filter((a) => a.status !== 'removed')
      .sort(
        (a, b) => v.area.battingOrder.indexOf(a.ownerAgencyId) - v.area.battingOrder.indexOf(b.ownerAgencyId),
      )
      .map((a) => ({ agency: v.agencyName(a.ownerAgencyId), description: a.description, due: a.dueDate })),
  };
}

export function whereWeAre(v: MeetingView, now: number): string {
  const s = v.state;
  const c = currentCase(s);
  if (s.stage === 'ended') return 'The meeting has ended.';
  if (!c) {
    const done = s.cases.filter((x) => x.status !== 'pending').length;
    const listed = `${s.cases.length} case${s.cases.length === 1 ? '' : 's'} on the agenda`;
    return s.stage === 'waiting'
      ? `Not started; ${listed}. Say \`declaration\` to post the confidentiality declaration.`
      : s.stage === 'declaration'
        ? `Declaration: ${v.rc.confirmed.length} of ${v.rc.present.length} present have confirmed; ${listed}. Say \`start\` when everyone has.`
        : `${done} of ${s.cases.length} cases done. Say \`next\` for the next case or \`end\` to close.`;
  }
  const d = caseData(v, c, [], now);
  return `Case ${c.position} of ${s.cases.length} · ${c.reference} · ${d.phase} · now: ${d.current} · next: ${d.next} · ${d.time}`;
}

export function chairControlsData(v: MeetingView, userIds: string[], now: number): ChairControlsData {
  const c = currentCase(v.state);
  const gaps = c ? coverageGaps(v, c) : [];
  return {
    meetingId: v.meeting.id,
    version: v.state.version,
    userIds,
    where: whereWeAre(v, now),
    coverage: gaps.length ? `Nobody present from: ${gaps.join('; ')}.` : '',
    primary: v.state.stage === 'hearing' || v.state.stage === 'opening' ? 'Next' : 'Start',
    primaryVerb: v.state.stage === 'hearing' || v.state.stage === 'opening' ? 'next' : 'start',
    pauseTitle: c?.timer?.pausedAt !== undefined ? 'Resume timer' : 'Pause timer',
    pauseVerb: c?.timer?.pausedAt !== undefined ? 'resume' : 'pause',
  };
}

export const agencyChoices = (agencies: Agency[], order: string[]) =>
  [...agencies]
    .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
    .map((a) => ({ id: a.id, name: a.name }));
