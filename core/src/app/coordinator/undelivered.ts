import type { Agency } from '../../domain/area.js';
import { inArea, type Person } from '../../domain/person.js';
import type { Repos } from '../../ports/repositories.js';
import { canManage, notFound, refuse, requireManager } from './access.js';
import { type Actor, type CoordinatorDeps, record } from './context.js';
import { ukDate } from '../../domain/civil-time.js';

/** A chat message the outbox gave up on, as the coordinator sees it. References only. */
export interface UndeliveredMessage {
  id: number;
  /** When it was queued (ISO). */
  queuedAt: string;
  /** Where it was going: "Meeting chat, 2026-11-24 09:30", "1:1 chat" or "Agency channel". */
  where: string;
  meetingId?: string;
  /** Its text, or the card's summary. */
  what: string;
  /** What Teams answered on the last attempt. */
  error: string;
  attempts: number;
}

type Payload = { activity?: { text?: unknown; summary?: unknown }; target?: { openPersonal?: unknown } };

async function describe(r: Repos, conversationId: string, payload: Payload) {
  const meeting = await r.meetings.byConversationId(conversationId);
  const where = meeting
    ? `Meeting chat, ${ukDate(meeting.date)} ${meeting.startTime}`
    : payload.target?.openPersonal || conversationId.startsWith('a:')
      ? '1:1 chat'
      : 'Agency channel';
  const a = payload.activity ?? {};
  const what = typeof a.text === 'string' ? a.text : typeof a.summary === 'string' ? a.summary : 'A card';
  return { where, meetingId: meeting?.id, what };
}

/** Messages Teams never took, newest first: the coordinator decides whether to send each again. */
export async function listUndelivered(deps: CoordinatorDeps, actor: Actor): Promise<UndeliveredMessage[]> {
  await requireManager(deps, actor, 'outbox.list-failed', 'outbox');
  const r = deps.store.repos;
  const out: UndeliveredMessage[] = [];
  for (const f of await r.outbox.listFailed()) {
    const d = await describe(r, f.conversationId, f.payload as Payload);
    out.push({
      id: f.id,
      queuedAt: new Date(f.enqueuedAt).toISOString(),
      where: d.where,
      ...(d.meetingId ? { meetingId: d.meetingId } : {}),
      what: d.what,
      error: f.error,
      attempts: f.attempts,
    });
  }
  return out;
}

/** Queue a failed message again, after whatever is waiting in its chat now; audited. */
export async function resendUndelivered(deps: CoordinatorDeps, actor: Actor, id: number) {
  await requireManager(deps, actor, 'outbox.resend', `outbox:${id}`);
  return deps.store.tx(async (r) => {
    const again = await r.outbox.resend(id, deps.clock.now());
    if (again === undefined) throw notFound('That undelivered message');
    await record(r, deps.clock, actor, {
      action: 'outbox.resent',
      subject: `outbox:${id}`,
      details: { queuedAs: again },
    });
    return { id: again };
  });
}

/**
 * Whether an agency's actions can be delivered in Teams: it has a channel, or someone from it has
 * been seen in Teams (the bot keeps their 1:1 address under `user:<Entra object id>`). The one
 * rule for the chair's warning, the case card's flag and the coordinator's list.
 */
export async function agencyReachability(
  r: Repos,
  agencies: Pick<Agency, 'id' | 'channelConversationId'>[],
  people: Pick<Person, 'agencyId' | 'aadObjectId'>[],
): Promise<(agencyId: string) => boolean> {
  const reachable = new Set(agencies.filter((a) => a.channelConversationId).map((a) => a.id));
  const ask = people.filter((p) => p.agencyId && !reachable.has(p.agencyId));
  const refs = await r.conversations.getPersonalMany(ask.map((p) => `user:${p.aadObjectId}`));
  for (const p of ask)
    if (typeof refs.get(`user:${p.aadObjectId}`)?.teamsUserId === 'string') reachable.add(p.agencyId!);
  return (agencyId) => reachable.has(agencyId);
}

/** An open action whose agency nobody can be reached in: the coordinator delivers it by hand. */
export interface UndeliverableAction {
  actionId: string;
  meetingId: string;
  caseReference: string;
  agencyId: string;
  agency: string;
  description: string;
  dueDate: string;
}

/** Open actions flagged "no one to deliver to", by due date: the coordinator's to-do. */
export async function listUndeliverableActions(
  deps: Pick<CoordinatorDeps, 'store' | 'clock'>,
  actor: Actor,
): Promise<UndeliverableAction[]> {
  if (!canManage(actor))
    await refuse(
      deps,
      actor,
      'actions.list-undeliverable',
      'actions',
      'Only a MARAC coordinator can do this.',
    );
  const r = deps.store.repos;
  const [open, people, areas] = await Promise.all([
    r.actions.list({ status: ['open'] }),
    r.people.list(),
    r.areas.list(),
  ]);
  // Only the coordinator's own areas' agencies (and so their actions).
  const mine = areas.filter((a) => inArea(actor, a.id));
  const agencies = (await Promise.all(mine.map((a) => r.agencies.list(a.id)))).flat();
  const reachable = await agencyReachability(r, agencies, people);
  const name = new Map(agencies.map((a) => [a.id, a.name]));
  return open
    .filter((a) => name.has(a.ownerAgencyId) && !reachable(a.ownerAgencyId))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.caseReference.localeCompare(b.caseReference))
    .map((a) => ({
      actionId: a.id,
      meetingId: a.meetingId,
      caseReference: a.caseReference,
      agencyId: a.ownerAgencyId,
      agency: name.get(a.ownerAgencyId) ?? a.ownerAgencyId,
      description: a.description,
      dueDate: a.dueDate,
    }));
}
