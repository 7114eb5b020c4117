import type { MaracCase } from '../../domain/referral.js';
import type { Meeting } from '../../domain/meeting.js';
import { DomainError } from '../../domain/errors.js';
import { canSeeMeeting, notFound, requireManager } from './access.js';
import { toHearingViews, type HearingView } from './case-views.js';
import { type Actor, type CoordinatorDeps } from './context.js';
import { kindFor } from './listing.js';

/** How the inbox names a case's status. */
export const STATUS_LABELS: Record<MaracCase['status'], string> = {
  referred: 'Received',
  scheduled: 'Listed',
  heard: 'Heard',
  deferred: 'Deferred',
  'referred-to-plus': 'To MARAC Plus',
  'not-reached': 'Not reached',
  closed: 'Closed',
};

export interface InboxRow {
  id: string;
  reference: string;
  receivedAt: string;
  status: MaracCase['status'];
  statusLabel: string;
  referringAgencyId: string;
  criteria: MaracCase['criteria'];
  repeat: boolean;
  closedSession: boolean;
  meeting?: { id: string; kind: Meeting['kind']; date: string; startTime: string };
}

export interface InboxQuery {
  areaId: string;
  status?: MaracCase['status'][];
  referringAgencyId?: string;
  /** A case reference (exact or its number), or a victim's or perpetrator's full name. */
  q?: string;
}

/**
 * Every referral and case of the area, newest first, for the coordinators (names are sealed, so
 * a name is searched by its keyed hash: the index is never read in clear text).
 */
export async function listReferrals(deps: CoordinatorDeps, actor: Actor, query: InboxQuery) {
  await requireManager(deps, actor, 'referral.inbox', `area:${query.areaId}`);
  const r = deps.store.repos;
  let cases = await r.cases.list({
    areaId: query.areaId,
    status: query.status?.length ? query.status : undefined,
  });
  if (query.referringAgencyId) cases = cases.filter((c) => c.referringAgencyId === query.referringAgencyId);
  const q = query.q?.trim();
  let searchedBy: 'reference' | 'name' | undefined;
  if (q) {
    if (/^(mc-)?[\d-]+$/i.test(q)) {
      searchedBy = 'reference';
      const needle = q.toUpperCase();
      cases = cases.filter(
        (c) => c.reference === needle || c.reference.endsWith(`-${needle.padStart(4, '0')}`),
      );
    } else {
      searchedBy = 'name';
      const key = deps.cipher.matchKey(q);
      cases = cases.filter((c) => c.nameKeys?.victim === key || c.nameKeys?.perpetrators.includes(key));
    }
  }
  const meetings = new Map((await r.meetings.list({ areaId: query.areaId })).map((m) => [m.id, m]));
  const rows: InboxRow[] = cases
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .map((c) => {
      const m = c.meetingId ? meetings.get(c.meetingId) : undefined;
      return {
        id: c.id,
        reference: c.reference,
        receivedAt: c.receivedAt,
        status: c.status,
        statusLabel: STATUS_LABELS[c.status],
        referringAgencyId: c.referringAgencyId,
        criteria: c.criteria,
        repeat: c.criteria.includes('repeat'),
        closedSession: c.closedSession,
        meeting: m && { id: m.id, kind: m.kind, date: m.date, startTime: m.startTime },
      };
    });
  return {
    rows,
    searchedBy,
    message:
      q && rows.length === 0 ? `No case matches “${searchedBy === 'name' ? 'that name' : q}”.` : undefined,
  };
}

export interface MeetingChoice {
  id: string;
  kind: Meeting['kind'];
  date: string;
  startTime: string;
  cases: number;
  max: number;
  full: boolean;
  /** "8 of 8 — full" */
  capacity: string;
}

/** Meetings a case can go on: its kind, not ended or cancelled, with their room against the area's maximum. */
export async function meetingChoices(deps: CoordinatorDeps, actor: Actor, caseId: string) {
  await requireManager(deps, actor, 'case.meetings', `case:${caseId}`);
  const r = deps.store.repos;
  const c = await r.cases.get(caseId);
  if (!c) throw notFound('The case');
  const area = await r.areas.get(c.areaId);
  if (!area) throw notFound("The case's area");
  const kind = kindFor(c);
  const meetings = (await r.meetings.list({ areaId: c.areaId }))
    .filter((m) => m.kind === kind && (m.status === 'planned' || m.status === 'live') && m.id !== c.meetingId)
    .sort((a, b) => `${a.date}${a.startTime}`.localeCompare(`${b.date}${b.startTime}`));
  return Promise.all(
    meetings.map(async (m): Promise<MeetingChoice> => {
      const n = (await r.agenda.list(m.id)).length;
      const full = n >= area.maxCasesPerMeeting;
      return {
        id: m.id,
        kind: m.kind,
        date: m.date,
        startTime: m.startTime,
        cases: n,
        max: area.maxCasesPerMeeting,
        full,
        capacity: `${n} of ${area.maxCasesPerMeeting}${full ? ' — full' : ''}`,
      };
    }),
  );
}

export interface CasePage {
  case: Omit<MaracCase, 'victimKey' | 'perpetratorKeys' | 'nameKeys'>;
  statusLabel: string;
  hearings: HearingView[];
  actions: { id: string; ownerAgencyId: string; description: string; dueDate: string; status: string }[];
  /** Earlier cases of this victim and perpetrator (by keyed hash, or confirmed by the coordinator). */
  repeatOf: { id: string; reference: string; receivedAt: string; statusLabel: string }[];
  meeting?: { id: string; kind: Meeting['kind']; date: string; startTime: string; status: Meeting['status'] };
}

/** One case for the coordinator: the referral, its hearings, actions, repeat links and the closed-session flag. */
export async function getCase(deps: CoordinatorDeps, actor: Actor, caseId: string): Promise<CasePage> {
  await requireManager(deps, actor, 'case.view', `case:${caseId}`);
  const r = deps.store.repos;
  const c = await r.cases.get(caseId);
  if (!c) throw notFound('The case');
  const meeting = c.meetingId ? await r.meetings.get(c.meetingId) : undefined;
  if (meeting && !canSeeMeeting(actor, meeting))
    throw new DomainError('forbidden', 'This case is in a closed session.');
  const hearings = (await r.hearings.forVictim(c.victimKey)).filter((h) => h.caseId === c.id);
  const earlier = (await r.cases.list({ areaId: c.areaId })).filter(
    (o) =>
      o.id !== c.id &&
      o.receivedAt < c.receivedAt &&
      ((o.victimKey === c.victimKey && o.perpetratorKeys.some((k) => c.perpetratorKeys.includes(k))) ||
        c.repeatOf?.includes(o.id)),
  );
  const { victimKey: _v, perpetratorKeys: _p, nameKeys: _n, ...clear } = c;
  return {
    case: clear,
    statusLabel: STATUS_LABELS[c.status],
    hearings: await toHearingViews(r, hearings),
    actions: (await r.actions.list({ caseId: c.id })).map((a) => ({
      id: a.id,
      ownerAgencyId: a.ownerAgencyId,
      description: a.description,
      dueDate: a.dueDate,
      status: a.status,
    })),
    repeatOf: earlier.map((o) => ({
      id: o.id,
      reference: o.reference,
      receivedAt: o.receivedAt,
      statusLabel: STATUS_LABELS[o.status],
    })),
    meeting: meeting && {
      id: meeting.id,
      kind: meeting.kind,
      date: meeting.date,
      startTime: meeting.startTime,
      status: meeting.status,
    },
  };
}
