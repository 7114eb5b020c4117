import type { Repos } from '../../ports/repositories.js';
import { notFound, requireManager } from './access.js';
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
