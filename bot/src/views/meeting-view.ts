import {
  type Agency,
  type CaseView,
  type LiveMeeting,
  type MaracAction,
  type MeetingView,
  type RollCallView,
  caseView,
  coverageGaps,
  currentCase,
  localTime,
  mmss,
  readMeetingView,
  timeText,
  whereWeAre,
  ukDate,
} from '@marac/core';
import type { CaseData, ChairControlsData, RollCallData } from '../cards/card-data.js';

/** The one meeting view model (core) read for a card; the functions below only shape it for templates. */
export const meetingView = readMeetingView;
export type { MeetingView };

/** A time of day on the area's wall clock (BST in summer), as every card shows it. */
export const clockTime = (ms: number, timeZone?: string) => localTime(ms, timeZone);
export { mmss, timeText, whereWeAre };

export function rollCallData(v: Pick<RollCallView, 'rc' | 'agencyName' | 'state'>): RollCallData {
  const o = v.state.gateOverride;
  return {
    confirmedCount: String(v.rc.confirmed.length),
    presentCount: String(v.rc.present.length),
    summaryColor: v.rc.unconfirmed.length || v.rc.uninvited.length ? 'Attention' : 'Good',
    uninvited: v.rc.uninvited.map((a) => ({ name: a.displayName, agency: v.agencyName(a.agencyId) })),
    unconfirmed: v.rc.unconfirmed.map((a) => ({
      name: a.displayName,
      agency: v.agencyName(a.agencyId),
      late: a.lateJoiner ? ' · joined late' : '',
    })),
    override: o
      ? `The chair opened the meeting although ${[
          o.unconfirmed.length ? `${o.unconfirmed.join(', ')} had not confirmed` : '',
          o.uninvited?.length ? `${o.uninvited.join(', ')} had not been invited` : '',
        ]
          .filter(Boolean)
          .join(' and ')}. The reason is recorded.`
      : '',
  };
}

export function caseData(
  v: MeetingView,
  run: LiveMeeting['cases'][number],
  actions: MaracAction[],
  now: number,
  reachable?: (agencyId: string) => boolean,
): CaseData {
  const c: CaseView = caseView(v, run, actions, reachable);
  return {
    meetingId: v.meeting.id,
    caseId: c.caseId,
    position: String(c.position),
    total: String(c.total),
    reference: c.reference,
    statusLine: c.statusLine,
    phase: c.phaseLabel,
    current: c.now.label,
    next: c.next.label,
    time: timeText(v, run, now),
    research: c.research
      ? `${c.research.returned.length ? c.research.returned.join(', ') : 'none yet'} (${c.research.returned.length} of ${c.research.invited} agencies)`
      : '',
    notPresent: c.notPresent.join(', '),
    coverage: c.coverage.length ? `Before this case: nobody present from ${c.coverage.join('; ')}.` : '',
    override: c.gateOverride
      ? `Opened although ${c.gateOverride.unconfirmed.join(', ')} had not confirmed (reason recorded).`
      : '',
    safety: !c.safety
      ? ''
      : c.safety.confirmed
        ? c.safety.onBehalf
          ? 'The chair confirmed the plan is as safe as possible, on the IDVA’s behalf.'
          : 'The IDVA confirmed the plan is as safe as possible.'
        : '',
    victimViews: c.victimViewsRecorded ? 'recorded by the IDVA' : '',
    askSafety: c.phase === 'safety' && !c.safety?.confirmed,
    actions: c.actions.map((a) => ({
      agency: a.agency,
      description: a.description,
      due: ukDate(a.due),
      flag: a.undeliverable ? ' · no one to deliver to' : '',
    })),
  };
}

export function chairControlsData(v: MeetingView, userIds: string[], now: number): ChairControlsData {
  const c = currentCase(v.state);
  const gaps = c ? coverageGaps(v, c) : [];
  return {
    meetingId: v.meeting.id,
    version: String(v.state.version),
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
