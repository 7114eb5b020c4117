import {
  type Person,
  type Repos,
  type StoredEvent,
  areaTimeZone,
  formatLocalDateTime,
  isDomainError,
  returnState,
  ukDate,
} from '@marac/core';
import { isResearcher, recordResearch } from '@marac/core/research';
import type { InvokeAnswer } from '../turn.js';
import { cardMessage, renderResearchAgenda } from '../cards/render.js';
import { type DeliveryDeps, personalTarget } from './post-meeting.js';
import type { MeetingHandler } from '../verbs/card-verbs.js';
import { queueFeedNotices } from '../activity-feed-notices.js';

const STATE = {
  returned: 'Information held: returned',
  'none-held': 'No information held',
  'not-yet': 'Not yet returned',
};

/** The agenda card for one representative: the listed cases with their agency's returns so far. */
async function agendaCard(
  r: Repos,
  meetingId: string,
  p: Person,
  caseIds: string[],
  o: { notice?: string; removed?: string[]; chase?: boolean } = {},
) {
  const m = (await r.meetings.get(meetingId))!;
  const area = (await r.areas.get(m.areaId))!;
  const names = new Map((await r.agencies.list(area.id)).map((a) => [a.id, a.name]));
  const agenda = (await r.agenda.list(m.id)).sort((a, b) => a.position - b.position);
  const returns = (await r.research.list({ meetingId: m.id })).filter((x) => x.agencyId === p.agencyId);
  const cases = [];
  for (const id of caseIds) {
    const c = await r.cases.get(id);
    const item = agenda.find((i) => i.caseId === id);
    if (!c || !item) continue;
    const ret = returns.find((x) => x.caseId === id);
    cases.push({
      caseId: id,
      position: item.position,
      reference: c.reference,
      referringAgency: names.get(c.referringAgencyId) ?? c.referringAgencyId,
      state: `${STATE[returnState(ret)]}${ret?.late ? ' (late)' : ''}`,
      open: !ret,
    });
  }
  const teams = await r.conversations.getPersonal(`user:${p.aadObjectId}`);
  const kind = m.kind === 'closed' ? 'closed session' : 'MARAC';
  return renderResearchAgenda({
    meetingId: m.id,
    title: `${o.chase ? 'Reminder: research not yet returned' : 'MARAC agenda'} · ${kind} ${ukDate(m.date)} ${m.startTime}`,
    intro: `${names.get(p.agencyId!) ?? 'Your agency'}: please research ${cases.length === 1 ? 'this case' : `these ${cases.length} cases`} and say what you hold on the victim, the perpetrator and any children.`,
    deadline: formatLocalDateTime(m.publication?.researchDeadline ?? 0, areaTimeZone(area)),
    notice: o.notice ?? '',
    removed: (o.removed ?? []).join(', '),
    caseList: cases.map((c) => c.caseId).join(','),
    cases,
    userIds: typeof teams?.teamsUserId === 'string' ? [teams.teamsUserId] : [],
  });
}

/**
 * A published agenda (or a chase) goes to each representative of the agencies concerned in their
 * 1:1 chat, through the outbox: claimed once per publication and person, so a replay or a second
 * instance sends nothing twice. A re-publication lists only what changed.
 */
export async function sendAgendaCards(deps: DeliveryDeps, e: StoredEvent) {
  if (e.type !== 'AgendaPublished' && e.type !== 'ResearchChased') return;
  const r = deps.store.repos;
  const agencies = e.type === 'AgendaPublished' ? e.agencyIds : [e.agencyId];
  const m = await r.meetings.get(e.meetingId);
  if (!m?.publication) return;
  const all = m.publication.cases.map((c) => c.caseId);
  const at = new Date(deps.clock.now()).toISOString();
  const told: Person[] = [];
  for (const p of (await r.people.list()).filter((x) => isResearcher(x) && agencies.includes(x.agencyId!))) {
    const caseIds =
      e.type === 'ResearchChased' ? e.caseIds : e.newAgencyIds.includes(p.agencyId!) ? all : e.caseIds;
    const removed = e.type === 'AgendaPublished' ? e.removedReferences : [];
    if (!caseIds.length && !removed.length) continue;
    told.push(p);
    if (!(await r.claims.claim(`research-card:${e.seq}:${p.aadObjectId}`, deps.owner, at))) continue;
    const to = await personalTarget(deps, p.aadObjectId);
    if (!to) continue;
    const card = await agendaCard(r, m.id, p, caseIds, { removed, chase: e.type === 'ResearchChased' });
    await deps.post(to, cardMessage(card, `MARAC agenda ${ukDate(m.date)}`), {
      cardKey: `research:${e.seq}:${p.aadObjectId}`,
      mode: 'send',
    });
  }
  // A publication (not a chase: that is the card's job) also goes to the activity feed, when configured.
  if (e.type === 'AgendaPublished')
    await queueFeedNotices(deps, {
      kind: 'agendaPublished',
      seq: e.seq,
      meetingId: m.id,
      meetingDate: m.date,
      enabled: !!(await r.areas.get(m.areaId))?.activityFeedReminders,
      people: told,
      at,
    });
}

const idsOf = (v: unknown) => (typeof v === 'string' ? v.split(',').filter(Boolean).slice(0, 60) : []);

/** The agenda card's verbs: refresh shows this agency's returns; "No information held" records one. */
export const researchCard: MeetingHandler = async ({
  deps,
  actor,
  verb,
  data,
  meeting,
}): Promise<InvokeAnswer> => {
  const p = actor.person;
  if (!p?.agencyId)
    return {
      kind: 'error',
      status: 403,
      code: 'forbidden',
      message: "Only the invited agencies' representatives research the agenda.",
    };
  const caseIds = idsOf(data.cases);
  let notice = '';
  if (verb === 'research.none') {
    const caseId = typeof data.caseId === 'string' ? data.caseId.slice(0, 100) : '';
    try {
      const saved = await recordResearch(deps, p, meeting.id, caseId, { held: false });
      notice = `Recorded: no information held${saved.late ? ' (after the deadline: marked late)' : ''}.`;
    } catch (e) {
      if (!isDomainError(e)) throw e;
      if (e.code === 'forbidden' || e.code === 'not-found') throw e;
      notice = e.message;
    }
  }
  return { kind: 'card', card: await agendaCard(deps.store.repos, meeting.id, p, caseIds, { notice }) };
};
