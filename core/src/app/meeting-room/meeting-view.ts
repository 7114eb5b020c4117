import type { Agency, AgencyId } from '../../domain/area.js';
import type { Attendee } from '../../domain/confidentiality.js';
import { cueRecipients } from '../../domain/cues.js';
import type { CaseRun, Phase } from '../../domain/hearing.js';
import { currentCase, nextPhase, phaseLabel, speakerOf, timeLeftMs } from '../../domain/live-meeting.js';
import { areaTimeZone, localTime } from '../../domain/civil-time.js';
import type { Person } from '../../domain/person.js';
import type { MaracAction } from '../../domain/actions.js';
import type { Repos } from '../../ports/repositories.js';
import { invitedAgencies } from '../../domain/research.js';
import { loadMeeting } from './context.js';
import { currentRollCall, liveState } from './declaration.js';
import { agencyNamer } from './roll-call-view.js';

/**
 * What the meeting chat's case card and the tab's live view both show, computed once: phase,
 * who speaks now and next (name and agency), the timer, coverage, actions so far. Case references
 * only, never names of victims, perpetrators or children. Cards and React components only render it.
 */
export async function readMeetingView(r: Repos, meetingId: string) {
  const { meeting, area } = await loadMeeting(r, meetingId);
  const [agencies, state, rc, people, research, withViews] = await Promise.all([
    r.agencies.list(area.id),
    liveState(r, meetingId),
    currentRollCall(r, meetingId, meeting),
    r.people.list(),
    r.research.list({ meetingId }),
    r.victimViews.recordedCases(meetingId),
  ]);
  /** Whether the IDVA recorded the victim's views on a case (never what they are). */
  const viewsRecorded = (caseId: string) => withViews.includes(caseId);
  /** Agencies (in batting order) that returned research on a case, held or none held. */
  const researchReturned = (caseId: string) =>
    area.battingOrder.filter((a) => research.some((x) => x.caseId === caseId && x.agencyId === a));
  const byAad = new Map(people.map((p) => [p.aadObjectId, p]));
  const agencyName = agencyNamer(agencies);
  const leads = (p: Person) => p.id === meeting.chairId || meeting.delegateIds.includes(p.id);
  /** Who is cued for an agency's turn (see `cueRecipients`). */
  const cueFor = (agencyId?: AgencyId) => cueRecipients(rc.present, (aad) => byAad.get(aad), agencyId, leads);
  return { meeting, area, agencies, state, rc, people, agencyName, cueFor, researchReturned, viewsRecorded };
}
export type MeetingView = Awaited<ReturnType<typeof readMeetingView>>;

export interface SpeakerView {
  /** "Housing Rep (Housing)", "Housing (not present)", or the chair's phase. */
  label: string;
  agencyId?: AgencyId;
  agency?: string;
  /** Who from that agency is present and cued. */
  people: string[];
  present?: boolean;
  noInformation?: boolean;
}

export interface ActionView {
  actionId: string;
  agency: string;
  description: string;
  due: string;
  /** Nobody from the owner agency can be reached in Teams: the coordinator must deliver it. */
  undeliverable: boolean;
}

export interface CaseView {
  caseId: string;
  position: number;
  total: number;
  reference: string;
  status: CaseRun['status'];
  statusLine: string;
  phase?: Phase['kind'];
  phaseLabel: string;
  now: SpeakerView;
  next: SpeakerView;
  timer?: { deadline: number; pausedAt?: number; slotMs: number; extensions: number };
  /** Relevant agencies with nobody present: "Police (the referrer)". */
  coverage: string[];
  notPresent: string[];
  actions: ActionView[];
  safety?: { confirmed: boolean; onBehalf: boolean };
  /** The IDVA recorded the victim's views in the tab (the text is read there, audited; never here). */
  victimViewsRecorded: boolean;
  /** Once the agenda is published: which invited agencies returned research (never what they hold). */
  research?: { returned: string[]; invited: number };
  gateOverride?: { reason: string; unconfirmed: string[] };
}

/** The agency that speaks for children in the household (Children's Social Care), by name. */
export const childrenAgencyOf = (agencies: Agency[]) =>
  agencies.find((a) => a.short.toLowerCase() === 'csc' || /children/i.test(a.name))?.id;

export function coverageGaps(v: MeetingView, run: CaseRun): string[] {
  const present = new Set(v.rc.present.map((a) => a.agencyId).filter(Boolean));
  const gaps: string[] = [];
  if (!present.has(run.referringAgencyId)) gaps.push(`${v.agencyName(run.referringAgencyId)} (the referrer)`);
  const children = childrenAgencyOf(v.agencies);
  if (run.hasChildren && children && v.area.battingOrder.includes(children) && !present.has(children))
    gaps.push(`${v.agencyName(children)} (children in the household)`);
  return gaps;
}

export function speakerView(v: MeetingView, run: CaseRun, p: Phase | undefined): SpeakerView {
  if (!p) return { label: '—', people: [] };
  const id = speakerOf(v.state, run, p);
  if (!id)
    return {
      label: p.kind === 'read-back' ? 'Chair: read-back of actions' : 'Chair: risk summary',
      people: [],
    };
  const people = v.cueFor(id).map((a: Attendee) => a.displayName);
  const agency = v.agencyName(id);
  const noInformation = run.noInformation.includes(id);
  return {
    label: `${people.length ? `${people.join(', ')} (${agency})` : `${agency} (not present)`}${noInformation ? ' · no information held' : ''}`,
    agencyId: id,
    agency,
    people,
    present: people.length > 0,
    noInformation,
  };
}

export function caseView(
  v: MeetingView,
  run: CaseRun,
  actions: MaracAction[],
  reachable: (agencyId: AgencyId) => boolean = () => true,
): CaseView {
  const after = run.phase ? nextPhase(v.state, run, run.phase) : undefined;
  const pendingAfter = v.state.cases.find((x) => x.status === 'pending' && x.caseId !== run.caseId);
  const present = new Set(v.rc.present.map((a) => a.agencyId).filter(Boolean));
  return {
    caseId: run.caseId,
    position: run.position,
    total: v.state.cases.length,
    reference: run.reference,
    status: run.status,
    statusLine:
      run.status === 'current'
        ? 'Being heard'
        : run.status === 'pending'
          ? 'Waiting'
          : `Closed: ${outcomeText(run.status)}${run.deferReason ? ` (${run.deferReason})` : ''}`,
    phase: run.phase?.kind,
    phaseLabel: phaseLabel(run.phase),
    now: speakerView(v, run, run.phase),
    next: after
      ? speakerView(v, run, after)
      : {
          label: pendingAfter
            ? `Next case: ${pendingAfter.position} (${pendingAfter.reference})`
            : 'End of the agenda',
          people: [],
        },
    timer: run.timer && { ...run.timer },
    coverage: run.status === 'current' || run.status === 'pending' ? coverageGaps(v, run) : [],
    notPresent: v.area.battingOrder.filter((id) => !present.has(id)).map((id) => v.agencyName(id)),
    actions: actions
      .filter((a) => a.status !== 'removed')
      .sort(
        (a, b) => v.area.battingOrder.indexOf(a.ownerAgencyId) - v.area.battingOrder.indexOf(b.ownerAgencyId),
      )
      .map((a) => ({
        actionId: a.id,
        agency: v.agencyName(a.ownerAgencyId),
        description: a.description,
        due: a.dueDate,
        undeliverable: !reachable(a.ownerAgencyId),
      })),
    victimViewsRecorded: v.viewsRecorded(run.caseId),
    ...(v.meeting.publication
      ? {
          research: {
            returned: v.researchReturned(run.caseId).map((id) => v.agencyName(id)),
            invited: invitedAgencies(v.meeting, v.area).length,
          },
        }
      : {}),
    ...(v.state.idvaAgencyId
      ? { safety: { confirmed: !!run.safetyConfirmed, onBehalf: !!run.safetyConfirmed?.onBehalf } }
      : {}),
    ...(run.gateOverride
      ? { gateOverride: { reason: run.gateOverride.reason, unconfirmed: run.gateOverride.unconfirmed } }
      : {}),
  };
}

/** "heard", "deferred", "referred to MARAC Plus": what happened to a case, in words. */
export const outcomeText = (status: CaseRun['status']) =>
  status === 'referred-to-plus' ? 'referred to MARAC Plus' : status.replace(/-/g, ' ');

/** The case being heard, if any, as a view. */
export const currentCaseView = (v: MeetingView, actions: MaracAction[]) => {
  const c = currentCase(v.state);
  return c ? caseView(v, c, actions) : undefined;
};

/** "4:10": minutes and seconds, of an overrun too. */
export const mmss = (ms: number) => {
  const s = Math.round(Math.abs(ms) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** How the timer reads: left and when it ends on the area's clock, or paused, or over. */
export function timeText(v: MeetingView, run: CaseRun, now: number): string {
  const tz = areaTimeZone(v.area);
  const left = timeLeftMs(run, now);
  return !run.timer
    ? `${Math.round(v.area.minutesPerCase[v.meeting.kind])} minutes`
    : run.status !== 'current'
      ? `closed (${run.status.replace(/-/g, ' ')})`
      : run.timer.pausedAt !== undefined
        ? `paused with ${mmss(left)} left`
        : left >= 0
          ? `${mmss(left)} left at ${localTime(now, tz)} · ends ${localTime(run.timer.deadline, tz)}`
          : `over by ${mmss(left)} · was due ${localTime(run.timer.deadline, tz)}`;
}

/**
 * Where the meeting is, in one line — phase, who speaks now and next, time left — the same for
 * the chair's controls card, the `status` reply and the tab's side panel.
 */
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
  const d = caseView(v, c, []);
  return `Case ${c.position} of ${s.cases.length} · ${c.reference} · ${d.phaseLabel} · now: ${d.now.label} · next: ${d.next.label} · ${timeText(v, c, now)}`;
}
