import { DomainError } from '../../domain/errors.js';
import type { AreaConfig, MeetingKind } from '../../domain/area.js';
import type { Meeting } from '../../domain/meeting.js';
import { RELIST_STATUSES, type MaracCase } from '../../domain/referral.js';
import type { Repos } from '../../ports/repositories.js';
import { liveState } from '../meeting-room/running-order.js';
import { wasOpened } from '../../domain/running-order.js';
import { notFound, requireManager } from './access.js';
import { record, type Actor, type CoordinatorDeps } from './context.js';
import { twoWeekCheck } from './checks.js';
import { ukDate } from '../../domain/civil-time.js';

export interface ListingOptions {
  /** The coordinator saw "n of max — full" and lists it anyway. */
  confirmFull?: boolean;
  /** Why it is heard again within two weeks (recorded); needed when the two-week rule is hit. */
  twoWeekReason?: string;
}

const refused = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', message, details);
const needsConfirmation = (message: string, confirm: string) =>
  new DomainError('conflict', message, { confirm });

/** The kind of meeting a case belongs on: closed session, MARAC Plus when sent there, otherwise MARAC. */
export const kindFor = (c: Pick<MaracCase, 'closedSession' | 'status'>): MeetingKind =>
  c.closedSession ? 'closed' : c.status === 'referred-to-plus' ? 'marac-plus' : 'marac';

const KIND = { marac: 'a MARAC meeting', 'marac-plus': 'a MARAC Plus meeting', closed: 'a closed session' };

/** An agenda is open to changes until the meeting ends or is cancelled. */
export function agendaOpen(m: Meeting) {
  if (m.status === 'ended') throw refused('That meeting has ended; its agenda is locked.');
  if (m.status === 'cancelled') throw refused('That meeting was cancelled.');
}

/** The case's place on a running meeting may change only while the chair has not opened it. */
async function notYetOpened(r: Repos, m: Meeting, caseId: string) {
  const run = (await liveState(r, m.id)).cases.find((c) => c.caseId === caseId);
  if (run && wasOpened(run)) throw refused('That case has already been opened in the meeting; it stays.');
}

async function checkTarget(
  deps: CoordinatorDeps,
  r: Repos,
  area: AreaConfig,
  c: MaracCase,
  m: Meeting,
  opts: ListingOptions,
) {
  if (m.areaId !== c.areaId) throw refused('Choose a meeting of the same MARAC area.');
  agendaOpen(m);
  const kind = kindFor(c);
  if (m.kind !== kind)
    throw refused(
      kind === 'closed'
        ? 'A closed-session case can only go on a closed session.'
        : `This case goes on ${KIND[kind]}, not ${KIND[m.kind]}.`,
    );
  const count = (await r.agenda.list(m.id)).length;
  if (count >= area.maxCasesPerMeeting && !opts.confirmFull)
    throw needsConfirmation(
      `That meeting is full: ${count} of ${area.maxCasesPerMeeting} cases, the area's maximum. Confirm to list it anyway.`,
      'full',
    );
  const conflict = await twoWeekCheck(deps, r, c, m);
  if (conflict && !opts.twoWeekReason?.trim())
    throw needsConfirmation(
      `This victim and perpetrator are heard on ${ukDate(conflict.heardOn)}, within two weeks of this meeting. Give a reason to list it anyway.`,
      'two-week',
    );
  return { full: count >= area.maxCasesPerMeeting, twoWeek: !!conflict };
}

async function load(r: Repos, caseId: string, meetingId: string) {
  const c = await r.cases.get(caseId);
  if (!c) throw notFound('The case');
  const m = await r.meetings.get(meetingId);
  if (!m) throw notFound('The meeting');
  const area = await r.areas.get(c.areaId);
  if (!area) throw notFound("The case's area");
  return { c, m, area };
}

const append = async (r: Repos, meetingId: string, caseId: string) =>
  r.agenda.set(meetingId, [
    ...(await r.agenda.list(meetingId)).sort((a, b) => a.position - b.position).map((i) => i.caseId),
    caseId,
  ]);
const without = async (r: Repos, meetingId: string, caseId: string) =>
  r.agenda.set(
    meetingId,
    (await r.agenda.list(meetingId))
      .sort((a, b) => a.position - b.position)
      .map((i) => i.caseId)
      .filter((id) => id !== caseId),
  );

/** List a case that is on no agenda (new, or waiting to be re-listed) at the end of a meeting's agenda. */
export async function listCase(
  deps: CoordinatorDeps,
  actor: Actor,
  caseId: string,
  meetingId: string,
  opts: ListingOptions = {},
) {
  await requireManager(deps, actor, 'case.list', `case:${caseId}`);
  return deps.store.tx(async (r) => {
    const { c, m, area } = await load(r, caseId, meetingId);
    if (c.status === 'scheduled') throw refused('That case is already listed; move it instead.');
    if (c.status === 'heard' || c.status === 'closed')
      throw refused(`That case is ${c.status}; a new referral starts a new case.`);
    const checked = await checkTarget(deps, r, area, c, m, opts);
    await append(r, m.id, c.id);
    const saved = await r.cases.put({ ...c, status: 'scheduled', meetingId: m.id }, c.version);
    await record(
      r,
      deps.clock,
      actor,
      {
        action: 'case.listed',
        subject: `case:${c.id}`,
        reason: opts.twoWeekReason?.trim() || undefined,
        details: { meetingId: m.id, from: c.status, overCapacity: checked.full, twoWeek: checked.twoWeek },
      },
      [{ type: 'AgendaChanged', meetingId: m.id }],
    );
    return saved;
  });
}

/** Move a listed case to another meeting's agenda; a case the chair has opened stays where it was heard. */
export async function moveCase(
  deps: CoordinatorDeps,
  actor: Actor,
  caseId: string,
  toMeetingId: string,
  opts: ListingOptions = {},
) {
  await requireManager(deps, actor, 'case.move', `case:${caseId}`);
  return deps.store.tx(async (r) => {
    const { c, m, area } = await load(r, caseId, toMeetingId);
    if (c.status !== 'scheduled' || !c.meetingId)
      throw refused(
        c.status === 'heard' ? 'That case has been heard; it cannot be moved.' : 'That case is not listed.',
      );
    if (c.meetingId === m.id) throw refused('That case is already on this meeting.');
    const from = await r.meetings.get(c.meetingId);
    if (from) {
      agendaOpen(from);
      await notYetOpened(r, from, c.id);
    }
    const checked = await checkTarget(deps, r, area, c, m, opts);
    if (from) await without(r, from.id, c.id);
    await append(r, m.id, c.id);
    const saved = await r.cases.put({ ...c, meetingId: m.id }, c.version);
    await record(
      r,
      deps.clock,
      actor,
      {
        action: 'case.moved',
        subject: `case:${c.id}`,
        reason: opts.twoWeekReason?.trim() || undefined,
        details: { from: c.meetingId, to: m.id, overCapacity: checked.full, twoWeek: checked.twoWeek },
      },
      [
        ...(from ? [{ type: 'AgendaChanged' as const, meetingId: from.id }] : []),
        { type: 'AgendaChanged', meetingId: m.id },
      ],
    );
    return saved;
  });
}

/** Off an agenda a case waits as it was: re-listing after its last hearing, or newly received. */
async function statusOffAgenda(r: Repos, c: MaracCase): Promise<MaracCase['status']> {
  const own = (await r.hearings.forVictim(c.victimKey))
    .filter((h) => h.caseId === c.id)
    .sort((a, b) => a.heardOn.localeCompare(b.heardOn));
  const last = own[own.length - 1]?.outcome;
  return last === 'deferred' || last === 'referred-to-plus' ? last : own.length ? 'not-reached' : 'referred';
}

/** Take a case off an agenda, with a reason; it goes back to the cases waiting to be listed. */
export async function removeFromAgenda(
  deps: CoordinatorDeps,
  actor: Actor,
  meetingId: string,
  caseId: string,
  reason: string,
) {
  await requireManager(deps, actor, 'case.removed', `case:${caseId}`);
  if (!reason.trim())
    throw new DomainError('invalid', 'Say why the case comes off the agenda.', {
      fields: [{ field: 'reason', message: 'Say why the case comes off the agenda.' }],
    });
  return deps.store.tx(async (r) => {
    const { c, m } = await load(r, caseId, meetingId);
    agendaOpen(m);
    if (!(await r.agenda.list(m.id)).some((i) => i.caseId === c.id))
      throw refused('That case is not on this agenda.');
    await notYetOpened(r, m, c.id);
    await without(r, m.id, c.id);
    const back = await statusOffAgenda(r, c);
    const saved = await r.cases.put({ ...c, status: back, meetingId: undefined }, c.version);
    await record(
      r,
      deps.clock,
      actor,
      {
        action: 'case.removed',
        subject: `case:${c.id}`,
        reason: reason.trim(),
        details: { meetingId: m.id },
      },
      [{ type: 'AgendaChanged', meetingId: m.id }],
    );
    return saved;
  });
}

/** Cases waiting to be listed again: deferred, sent to MARAC Plus, or not reached. */
export async function relistQueue(deps: CoordinatorDeps, actor: Actor, areaId: string) {
  await requireManager(deps, actor, 'case.queue', `area:${areaId}`);
  const cases = await deps.store.repos.cases.list({ areaId, status: [...RELIST_STATUSES] });
  return cases.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}
