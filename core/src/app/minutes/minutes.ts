import { DomainError, isDomainError } from '../../domain/errors.js';
import type { AgencyId } from '../../domain/area.js';
import type { ActionFor, ActionStatus, ActionUpdate, MaracAction } from '../../domain/actions.js';
import { isOutstanding } from '../../domain/actions.js';
import type { CaseRunStatus } from '../../domain/hearing.js';
import { addDays, type Meeting } from '../../domain/meeting.js';
import { areaTimeZone, localDate, ukDate } from '../../domain/civil-time.js';
import { declarationStatement } from './declaration-statement.js';
import type { Person } from '../../domain/person.js';
import type { Repos } from '../../ports/repositories.js';
import { liveState } from '../meeting-room/running-order.js';
import { type ViewerDeps, mayKeepMinutes, meetingForViewer, refuseViewer } from './access.js';
import {
  type MinutesApology,
  type MinutesCaseNotes,
  type MinutesDraft,
  type WrittenSubmission,
  emptyDraft,
} from './model.js';

export const PROTECTIVE_MARKING = 'OFFICIAL-SENSITIVE';
/** Cambridgeshire circulates minutes and actions within 24 hours of the meeting. */
export const CIRCULATE_WITHIN_HOURS = 24;

const KIND_NAMES: Record<Meeting['kind'], string> = {
  marac: 'MARAC',
  'marac-plus': 'MARAC Plus',
  closed: 'MARAC closed session',
};
const REVIEW_LABELS = {
  updated: 'Updated',
  'change-in-circumstance': 'Change in circumstance',
  'not-acted': 'Agency has not acted',
} as const;
const STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  complete: 'Complete',
  'cannot-complete': 'Could not be completed',
  'no-update': 'No update from lead agency',
  removed: 'Removed in the meeting',
};
const OUTCOME_LABELS: Record<CaseRunStatus, string> = {
  pending: 'Not heard',
  current: 'Being heard',
  heard: 'Heard',
  deferred: 'Deferred',
  'referred-to-plus': 'Referred to MARAC Plus',
};
const METHOD_LABELS = {
  typed: 'Typed in the meeting chat',
  card: 'Card in the meeting chat',
  recorded: 'Recorded by the coordinator',
} as const;

export interface MinutesAttendee {
  name: string;
  agency: string;
  arrivedAt: string;
  leftAt?: string;
  late: boolean;
  how: string;
}

export interface MinutesConfirmation {
  name: string;
  agency: string;
  at: string;
  how: string;
  declarationVersion: string;
  late: boolean;
}

export interface MinutesAction {
  id: string;
  agency: string;
  description: string;
  forWhom: ActionFor;
  dueDate: string;
  status: string;
}

export interface MinutesCase extends MinutesCaseNotes {
  caseId: string;
  position: number;
  reference: string;
  referringAgency: string;
  outcome: string;
  status: CaseRunStatus;
  deferReason?: string;
  startedAt?: string;
  endedAt?: string;
  /** Agencies the chair marked "no information held". */
  noInformation: string[];
  actions: MinutesAction[];
}

export interface ReviewedAction {
  id: string;
  caseReference: string;
  agency: string;
  description: string;
  dueDate: string;
  status: string;
  review: string;
  note?: string;
}

/**
 * A meeting's minutes: the record (read from the store each time) with the draft's edits.
 * Case references only, never names: the minutes go to every agency at the meeting.
 */
export interface MinutesRecord {
  marking: typeof PROTECTIVE_MARKING;
  title: string;
  meeting: {
    id: string;
    kind: Meeting['kind'];
    kindName: string;
    date: string;
    startTime: string;
    areaName: string;
    chairName?: string;
    status: Meeting['status'];
    startedAt?: string;
    endedAt?: string;
  };
  ended: boolean;
  /** When the minutes are due out: 24 hours after the meeting ended. */
  circulateBy?: string;
  attendees: MinutesAttendee[];
  apologies: (MinutesApology & { agency: string })[];
  writtenSubmissions: (WrittenSubmission & { agency: string; caseReference?: string })[];
  declaration: {
    version: string;
    confirmations: MinutesConfirmation[];
    /** Attended but never confirmed. */
    unconfirmed: { name: string; agency: string }[];
    override?: { at: string; by: string; reason: string; unconfirmed: string[] };
    /** What the minutes say about it, derived from the record (overrides named, with reasons). */
    statement: string[];
  };
  outstandingReviewed: ReviewedAction[];
  cases: MinutesCase[];
  deferrals: { position: number; reference: string; reason: string }[];
  otherBusiness: string;
  draft: {
    version: number;
    updatedAt?: string;
    updatedBy?: string;
    circulatedAt?: string;
    circulatedBy?: string;
  };
  /** Agencies of the area, in batting order, for the editor's choices. */
  agencies: { id: AgencyId; name: string }[];
}

const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());

async function personName(r: Repos, ref: string | undefined): Promise<string | undefined> {
  if (!ref) return undefined;
  if (ref.startsWith('aad:'))
    return (await r.people.byAadObjectId(ref.slice(4)))?.displayName ?? 'someone not registered';
  return (await r.people.get(ref))?.displayName ?? ref;
}

/** The record of one meeting, for someone already allowed to read its minutes. */
export async function minutesRecord(r: Repos, meeting: Meeting): Promise<MinutesRecord> {
  const area = await r.areas.get(meeting.areaId);
  if (!area) throw new DomainError('not-found', "The meeting's MARAC area is not configured.");
  const [agencyList, attendance, confirmations, live, draft, chair] = await Promise.all([
    r.agencies.list(area.id),
    r.attendance.list(meeting.id),
    r.confirmations.list(meeting.id),
    liveState(r, meeting.id),
    r.minutes.get(meeting.id),
    meeting.chairId ? r.people.get(meeting.chairId) : undefined,
  ]);
  const d = draft ?? emptyDraft(meeting.id);
  const rank = (id?: string) =>
    id ? area.battingOrder.indexOf(id) + 1 || area.battingOrder.length + 1 : area.battingOrder.length + 2;
  const agencyName = (id?: string) =>
    id ? (agencyList.find((a) => a.id === id)?.name ?? id) : 'Agency not recorded';
  const byAgency = <T extends { agencyId?: string; name: string }>(xs: T[]) =>
    [...xs].sort((a, b) => rank(a.agencyId) - rank(b.agencyId) || a.name.localeCompare(b.name));
  const lateByAad = new Map(attendance.map((a) => [a.aadObjectId, a.lateJoiner]));

  const recorders = new Map<string, string>();
  for (const ref of [...attendance.map((a) => a.recordedBy), ...confirmations.map((c) => c.recordedBy)])
    if (ref && !recorders.has(ref)) recorders.set(ref, (await personName(r, ref)) ?? 'the coordinator');
  const recorder = (ref?: string) => (ref && recorders.get(ref)) || 'the coordinator';
  const attendees = byAgency(attendance.map((a) => ({ ...a, name: a.displayName }))).map(
    (a): MinutesAttendee => ({
      name: a.displayName,
      agency:
        a.role === 'observer' || a.role === 'assessor'
          ? `${a.role === 'observer' ? 'Observer' : 'Assessor'} (with the chair's permission)${a.agencyId ? `, ${agencyName(a.agencyId)}` : ''}`
          : agencyName(a.agencyId),
      arrivedAt: a.firstSeenAt,
      leftAt: a.leftAt,
      late: a.lateJoiner,
      how:
        a.source === 'recorded'
          ? `${a.attendingBy === 'in-person' ? 'In person' : a.attendingBy === 'dial-in' ? 'Dial-in' : 'Present'}, recorded by ${recorder(a.recordedBy)}`
          : 'Teams meeting',
    }),
  );
  const confirmed = new Set(confirmations.map((c) => c.aadObjectId));
  const declaration: MinutesRecord['declaration'] = {
    // The version read at this meeting, which a later settings change must not rewrite.
    version: earliest(confirmations)?.declarationVersion ?? area.declaration.version,
    confirmations: [...confirmations]
      .sort((a, b) => a.confirmedAt.localeCompare(b.confirmedAt))
      .map((c) => ({
        name: c.displayName,
        agency: agencyName(c.agencyId),
        at: c.confirmedAt,
        how:
          c.method === 'recorded'
            ? `Confirmed aloud, recorded by ${recorder(c.recordedBy)}`
            : METHOD_LABELS[c.method],
        declarationVersion: c.declarationVersion,
        late: !!lateByAad.get(c.aadObjectId),
      })),
    unconfirmed: attendance
      .filter((a) => !confirmed.has(a.aadObjectId))
      .map((a) => ({ name: a.displayName, agency: agencyName(a.agencyId) })),
    override: live?.gateOverride && {
      at: iso(live.gateOverride.at)!,
      by: (await personName(r, live.gateOverride.by)) ?? 'the chair',
      reason: live.gateOverride.reason,
      unconfirmed: live.gateOverride.unconfirmed,
    },
    statement: [],
  };
  const overriders = new Map<string, string>();
  for (const o of [live.gateOverride, ...live.cases.map((c) => c.gateOverride)])
    if (o && !overriders.has(o.by)) overriders.set(o.by, (await personName(r, o.by)) ?? 'the chair');
  declaration.statement = declarationStatement({
    version: declaration.version,
    timeZone: areaTimeZone(area),
    live,
    attendees: attendance.map((a) => ({
      aadObjectId: a.aadObjectId,
      label: `${a.displayName} (${agencyName(a.agencyId)})`,
      arrivedAt: a.firstSeenAt,
      leftAt: a.leftAt,
    })),
    confirmedAt: new Map(confirmations.map((c) => [c.aadObjectId, c.confirmedAt])),
    chairName: (ref) => overriders.get(ref) ?? 'the chair',
  });

  const cases = live.cases;
  const minutesCases: MinutesCase[] = [];
  for (const run of cases) {
    const actions = (await r.actions.list({ caseId: run.caseId }))
      .filter((a) => a.meetingId === meeting.id && a.status !== 'removed')
      .sort(
        (a, b) => rank(a.ownerAgencyId) - rank(b.ownerAgencyId) || a.createdAt.localeCompare(b.createdAt),
      );
    const notes = d.cases[run.caseId];
    minutesCases.push({
      caseId: run.caseId,
      position: run.position,
      reference: run.reference,
      referringAgency: agencyName(run.referringAgencyId),
      status: run.status,
      outcome: OUTCOME_LABELS[run.status],
      deferReason: run.deferReason,
      startedAt: iso(run.startedAt),
      endedAt: iso(run.endedAt),
      noInformation: run.noInformation.map(agencyName),
      risks: notes?.risks ?? '',
      crimesDisclosed: notes?.crimesDisclosed ?? '',
      notes: notes?.notes ?? '',
      actions: actions.map((a) => toMinutesAction(a, agencyName)),
    });
  }
  const references = new Map(minutesCases.map((c) => [c.caseId, c.reference]));
  const endedAt = iso(live?.endedAt);
  const ended = meeting.status === 'ended' || live?.stage === 'ended';
  return {
    marking: PROTECTIVE_MARKING,
    title: `${KIND_NAMES[meeting.kind]} minutes, ${area.name}, ${ukDate(meeting.date)} ${meeting.startTime}`,
    meeting: {
      id: meeting.id,
      kind: meeting.kind,
      kindName: KIND_NAMES[meeting.kind],
      date: meeting.date,
      startTime: meeting.startTime,
      areaName: area.name,
      chairName: chair?.displayName,
      status: meeting.status,
      startedAt: iso(live?.startedAt),
      endedAt,
    },
    ended,
    circulateBy:
      live?.endedAt !== undefined
        ? iso(live.endedAt + (area.minutesDeadlineHours || CIRCULATE_WITHIN_HOURS) * 3_600_000)
        : undefined,
    attendees,
    apologies: d.apologies.map((a) => ({ ...a, agency: agencyName(a.agencyId) })),
    writtenSubmissions: d.writtenSubmissions.map((w) => ({
      ...w,
      agency: agencyName(w.agencyId),
      caseReference: w.caseId ? references.get(w.caseId) : undefined,
    })),
    declaration,
    outstandingReviewed: await reviewedActions(r, meeting, agencyName),
    cases: minutesCases,
    deferrals: minutesCases
      .filter((c) => c.status === 'deferred')
      .map((c) => ({ position: c.position, reference: c.reference, reason: c.deferReason ?? '' })),
    otherBusiness: d.otherBusiness,
    draft: {
      version: d.version,
      updatedAt: d.updatedAt,
      updatedBy: await personName(r, d.updatedBy),
      circulatedAt: d.circulatedAt,
      circulatedBy: await personName(r, d.circulatedBy),
    },
    agencies: area.battingOrder.map((id) => ({ id, name: agencyName(id) })),
  };
}

const toMinutesAction = (a: MaracAction, agencyName: (id: string) => string): MinutesAction => ({
  id: a.id,
  agency: agencyName(a.ownerAgencyId),
  description: a.description,
  forWhom: a.forWhom,
  dueDate: a.dueDate,
  status: STATUS_LABELS[a.status],
});

/**
 * Outstanding actions from meetings at least 7 days earlier, as reviewed at the opening: each
 * with the review the chair recorded on the day (updated, change in circumstance, agency has
 * not acted), or "Not reviewed".
 */
async function reviewedActions(
  r: Repos,
  meeting: Meeting,
  agencyName: (id: string) => string,
): Promise<ReviewedAction[]> {
  // Reviewed in the main meeting only; nothing from a closed session appears there.
  if (meeting.kind === 'closed') return [];
  const earlier = (await r.meetings.list({ areaId: meeting.areaId, to: addDays(meeting.date, -7) })).filter(
    (m) => m.id !== meeting.id && m.kind !== 'closed',
  );
  const actions = await r.actions.list({ meetingIds: earlier.map((m) => m.id) });
  // Stored instants compared with the meeting's local date: a 00:30 BST review is on that day.
  const day = (at: string) => localDate(Date.parse(at));
  const onTheDay = (u: ActionUpdate) => u.kind === 'reviewed' && day(u.at) === meeting.date;
  return actions
    .filter((a) => a.updates.some(onTheDay) || (isOutstanding(a) && day(a.createdAt) <= meeting.date))
    .sort((a, b) => a.caseReference.localeCompare(b.caseReference) || a.dueDate.localeCompare(b.dueDate))
    .map((a) => {
      const review = a.updates.filter(onTheDay).at(-1);
      return {
        id: a.id,
        caseReference: a.caseReference,
        agency: agencyName(a.ownerAgencyId),
        description: a.description,
        dueDate: a.dueDate,
        status: STATUS_LABELS[a.status],
        review: review?.review ? REVIEW_LABELS[review.review] : 'Not reviewed',
        note: review?.note?.startsWith('opening:') ? undefined : review?.note,
      };
    });
}

/** Read a meeting's minutes: coordinators and its chair; a closed session only for those who may see it. */
export async function getMinutes(deps: ViewerDeps, actor: Person, meetingId: string): Promise<MinutesRecord> {
  const m = await meetingForViewer(deps, actor, meetingId, 'minutes.view');
  if (!mayKeepMinutes(actor, m))
    await refuseViewer(
      deps,
      actor,
      'minutes.view',
      `meeting:${m.id}`,
      "Only the MARAC coordinators and the meeting's chair keep the minutes.",
    );
  return minutesRecord(deps.store.repos, m);
}

export interface MinutesEdit {
  apologies: MinutesApology[];
  writtenSubmissions: WrittenSubmission[];
  cases: Record<string, Partial<MinutesCaseNotes>>;
  otherBusiness: string;
}

const clip = (s: string | undefined, max: number) => (s ?? '').trim().slice(0, max);

/**
 * Save the editable parts. A save against an older version is refused (409) rather than
 * overwriting what someone else wrote; the audit records which sections changed, not what
 * they say (the text may quote personal details).
 */
export async function saveMinutes(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  edit: MinutesEdit,
  expectedVersion: number,
): Promise<MinutesRecord> {
  const m = await meetingForViewer(deps, actor, meetingId, 'minutes.edit');
  if (!mayKeepMinutes(actor, m))
    await refuseViewer(
      deps,
      actor,
      'minutes.edit',
      `meeting:${m.id}`,
      "Only the MARAC coordinators and the meeting's chair keep the minutes.",
    );
  const r0 = deps.store.repos;
  const area = (await r0.areas.get(m.areaId))!;
  const caseIds = new Set((await r0.agenda.list(m.id)).map((i) => i.caseId));
  for (const c of (await liveState(r0, m.id)).cases) caseIds.add(c.caseId);
  const fields: { field: string; message: string }[] = [];
  const knownAgency = (id: string | undefined) => !id || area.battingOrder.includes(id);
  edit.apologies.forEach((a, i) => {
    if (!clip(a.name, 120))
      fields.push({ field: `apologies.${i}.name`, message: 'Give the name of who sent apologies.' });
    if (!knownAgency(a.agencyId))
      fields.push({ field: `apologies.${i}.agencyId`, message: "Choose one of the area's agencies." });
  });
  edit.writtenSubmissions.forEach((w, i) => {
    if (!knownAgency(w.agencyId) || !w.agencyId)
      fields.push({
        field: `writtenSubmissions.${i}.agencyId`,
        message: "Choose one of the area's agencies.",
      });
    if (w.caseId && !caseIds.has(w.caseId))
      fields.push({
        field: `writtenSubmissions.${i}.caseId`,
        message: "Choose a case on this meeting's agenda.",
      });
    if (!clip(w.summary, 4000))
      fields.push({ field: `writtenSubmissions.${i}.summary`, message: 'Summarise the written submission.' });
  });
  for (const id of Object.keys(edit.cases))
    if (!caseIds.has(id))
      fields.push({ field: `cases.${id}`, message: "That case is not on this meeting's agenda." });
  if (fields.length) throw new DomainError('invalid', 'Some fields need attention.', { fields });

  const at = new Date(deps.clock.now()).toISOString();
  try {
    return await deps.store.tx(async (r) => {
      const prior = (await r.minutes.get(m.id)) ?? emptyDraft(m.id);
      const cases: Record<string, MinutesCaseNotes> = { ...prior.cases };
      for (const [id, c] of Object.entries(edit.cases)) {
        const was = cases[id] ?? { risks: '', crimesDisclosed: '', notes: '' };
        cases[id] = {
          risks: c.risks === undefined ? was.risks : clip(c.risks, 8000),
          crimesDisclosed:
            c.crimesDisclosed === undefined ? was.crimesDisclosed : clip(c.crimesDisclosed, 4000),
          notes: c.notes === undefined ? was.notes : clip(c.notes, 8000),
        };
      }
      const next: MinutesDraft = {
        ...prior,
        apologies: edit.apologies.map((a) => ({
          name: clip(a.name, 120),
          agencyId: a.agencyId || undefined,
          note: clip(a.note, 500) || undefined,
        })),
        writtenSubmissions: edit.writtenSubmissions.map((w) => ({
          agencyId: w.agencyId,
          caseId: w.caseId || undefined,
          summary: clip(w.summary, 4000),
        })),
        cases,
        otherBusiness: clip(edit.otherBusiness, 8000),
        updatedAt: at,
        updatedBy: actor.id,
      };
      const changed = [
        JSON.stringify(prior.apologies) !== JSON.stringify(next.apologies) && 'apologies',
        JSON.stringify(prior.writtenSubmissions) !== JSON.stringify(next.writtenSubmissions) &&
          'written submissions',
        ...Object.keys(cases)
          .filter((id) => JSON.stringify(prior.cases[id]) !== JSON.stringify(cases[id]))
          .map((id) => `case ${id}`),
        prior.otherBusiness !== next.otherBusiness && 'other business',
      ].filter(Boolean);
      await r.minutes.put(next, expectedVersion);
      await r.audit.append({
        at,
        actor: actor.id,
        action: 'minutes.edited',
        subject: `meeting:${m.id}`,
        outcome: 'done',
        details: { changed, version: expectedVersion + 1 },
      });
      return minutesRecord(r, m);
    });
  } catch (e) {
    if (isDomainError(e) && e.code === 'stale')
      throw new DomainError(
        'stale',
        'Someone else saved these minutes since you opened them. Your text is still here: copy it, reload, and add it again.',
      );
    throw e;
  }
}

const NOT_ENDED =
  'This meeting has not ended, so its minutes cannot be exported yet. The chair ends the meeting (`end` in the meeting chat, or End meeting in the side panel); then the minutes can be exported and circulated.';

/** The minutes for export (DOCX): only once the meeting has ended; every export is audited. */
export async function minutesForExport(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  format: string,
): Promise<MinutesRecord> {
  const m = await meetingForViewer(deps, actor, meetingId, 'minutes.export');
  if (!mayKeepMinutes(actor, m))
    await refuseViewer(
      deps,
      actor,
      'minutes.export',
      `meeting:${m.id}`,
      "Only the MARAC coordinators and the meeting's chair keep the minutes.",
    );
  const record = await minutesRecord(deps.store.repos, m);
  if (!record.ended) throw new DomainError('conflict', NOT_ENDED);
  await deps.store.tx((r) =>
    r.audit.append({
      at: new Date(deps.clock.now()).toISOString(),
      actor: actor.id,
      action: 'minutes.exported',
      subject: `meeting:${m.id}`,
      outcome: 'done',
      details: { format, version: record.draft.version },
    }),
  );
  return record;
}

/**
 * Circulate the minutes: from now on the agencies that attended or were invited read them in the
 * tab (never by chat). The area's deadline (24 hours, 7 days) is measured by this. Idempotent.
 */
export async function markMinutesCirculated(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  expectedVersion: number,
): Promise<MinutesRecord> {
  const m = await meetingForViewer(deps, actor, meetingId, 'minutes.circulated');
  if (!mayKeepMinutes(actor, m))
    await refuseViewer(
      deps,
      actor,
      'minutes.circulated',
      `meeting:${m.id}`,
      "Only the MARAC coordinators and the meeting's chair keep the minutes.",
    );
  const record = await minutesRecord(deps.store.repos, m);
  if (!record.ended) throw new DomainError('conflict', NOT_ENDED);
  // Circulating twice changes nothing: the first circulation stands (and the agencies already have them).
  if (record.draft.circulatedAt) return record;
  const at = new Date(deps.clock.now()).toISOString();
  try {
    return await deps.store.tx(async (r) => {
      const prior = (await r.minutes.get(m.id)) ?? emptyDraft(m.id);
      await r.minutes.put({ ...prior, circulatedAt: at, circulatedBy: actor.id }, expectedVersion);
      const late = record.circulateBy ? at > record.circulateBy : false;
      await r.audit.append({
        at,
        actor: actor.id,
        action: 'minutes.circulated',
        subject: `meeting:${m.id}`,
        outcome: 'done',
        details: { withinStandard: !late },
      });
      await r.events.append({ type: 'MinutesCirculated', meetingId: m.id }, at);
      return minutesRecord(r, m);
    });
  } catch (e) {
    if (isDomainError(e) && e.code === 'stale')
      throw new DomainError('stale', 'The minutes changed since you opened them; reload and try again.');
    throw e;
  }
}

const earliest = <T extends { confirmedAt: string }>(xs: T[]): T | undefined =>
  [...xs].sort((a, b) => a.confirmedAt.localeCompare(b.confirmedAt))[0];
