import type { FailedOutboxItem, Outbox, OutboxItem } from '../ports/repositories.js';
import { parse, type RepoContext } from './rows.js';
import { placeholders } from './sql.js';

type OutboxRow = {
  id: number;
  conversation_id: string;
  kind: OutboxItem['kind'];
  card_key: string | null;
  payload: string;
  attempts: number;
  not_before: number;
  fence: number;
  lease_until: number | null;
};

const COLUMNS = 'id, conversation_id, kind, card_key, payload, attempts, not_before, fence, lease_until';

const toItem = (r: OutboxRow): OutboxItem => ({
  id: Number(r.id),
  conversationId: r.conversation_id,
  kind: r.kind,
  ...(r.card_key === null ? {} : { cardKey: r.card_key }),
  payload: parse<Record<string, unknown>>(r.payload),
  attempts: Number(r.attempts),
  notBefore: Number(r.not_before),
  fence: Number(r.fence),
  ...(r.lease_until === null ? {} : { leaseUntil: Number(r.lease_until) }),
});

/** A lease is free when there is none, it ran out, or it is already ours. */
const LEASE_FREE = '(lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)';
/** Only the holder of the current lease may finish an item. */
const HELD = "id = ? AND fence = ? AND status = 'pending'";

/**
 * Outgoing messages, in order per conversation. Only the oldest pending item of a conversation is
 * ever handed out, so a later message can never overtake an earlier one that is waiting, retrying
 * or leased. `attempts` counts failed sends. Each claim raises the item's `fence`; marking needs
 * it, so only the latest lease holder records the outcome. Sent rows keep ids, status and Teams'
 * activity id; their payload is dropped (it may quote action text).
 */
export function outboxRepo({ sql }: RepoContext): Outbox {
  const release = 'lease_owner = NULL, lease_until = NULL';
  return {
    async enqueue(item, at) {
      const row = await sql.get<{ id: number }>(
        `INSERT INTO outbox (conversation_id, kind, card_key, payload, not_before, enqueued_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
        [item.conversationId, item.kind, item.cardKey ?? null, JSON.stringify(item.payload), at, at],
      );
      return Number(row!.id);
    },
    async claimReady(owner, now, leaseMs, limit, skip = []) {
      // In flight here: neither handed out again nor counted against the limit, so a busy burst's
      // conversations cannot crowd out those with nothing in flight (nor cost an UPDATE each pass).
      const busy = skip.length ? `AND o.conversation_id NOT IN (${placeholders(skip.length)})` : '';
      const heads = await sql.all<OutboxRow>(
        `SELECT ${COLUMNS} FROM outbox o
         WHERE o.status = 'pending'
           AND o.id = (SELECT MIN(p.id) FROM outbox p WHERE p.conversation_id = o.conversation_id AND p.status = 'pending')
           AND o.not_before <= ? AND ${LEASE_FREE} ${busy}
         ORDER BY o.id LIMIT ?`,
        [now, now, owner, ...skip, limit],
      );
      const claimed: OutboxItem[] = [];
      for (const head of heads) {
        // Re-checked in the UPDATE: on PostgreSQL another instance may have leased it since our SELECT.
        // A new holder raises the fence; renewing our own lease keeps it (our delivery may be in flight).
        const row = await sql.get<{ fence: number }>(
          `UPDATE outbox SET fence = fence + CASE WHEN lease_owner = ? THEN 0 ELSE 1 END,
             lease_owner = ?, lease_until = ?
           WHERE id = ? AND status = 'pending' AND ${LEASE_FREE} RETURNING fence`,
          [owner, owner, now + leaseMs, head.id, now, owner],
        );
        if (row) claimed.push({ ...toItem(head), fence: Number(row.fence), leaseUntil: now + leaseMs });
      }
      return claimed;
    },
    async replacePending(conversationId, cardKey, payload, now) {
      const n = await sql.run(
        `UPDATE outbox SET payload = ?
         WHERE id = (SELECT MAX(id) FROM outbox WHERE conversation_id = ? AND card_key = ? AND status = 'pending')
           AND status = 'pending' AND attempts = 0 AND (lease_until IS NULL OR lease_until <= ?)`,
        [JSON.stringify(payload), conversationId, cardKey, now],
      );
      return n === 1;
    },
    async markSent(id, fence, activityId) {
      const n = await sql.run(
        `UPDATE outbox SET status = 'sent', payload = '{}', activity_id = ?, ${release} WHERE ${HELD}`,
        [activityId ?? null, id, fence],
      );
      return n === 1;
    },
    async retryLater(id, fence, notBefore, error) {
      const n = await sql.run(
        `UPDATE outbox SET attempts = attempts + 1, not_before = ?, error = ?, ${release} WHERE ${HELD}`,
        [notBefore, error ?? null, id, fence],
      );
      return n === 1;
    },
    async markFailed(id, fence, error) {
      const n = await sql.run(
        `UPDATE outbox SET status = 'failed', error = ?, attempts = attempts + 1, ${release} WHERE ${HELD}`,
        [error, id, fence],
      );
      return n === 1;
    },
    async releaseLeases(prefix, except) {
      return sql.run(
        `UPDATE outbox SET ${release}
         WHERE status = 'pending' AND lease_owner <> ? AND substr(lease_owner, 1, ?) = ?`,
        [except, prefix.length, prefix],
      );
    },
    async pending(conversationId) {
      const rows =
        conversationId === undefined
          ? await sql.all<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE status = 'pending' ORDER BY id`)
          : await sql.all<OutboxRow>(
              `SELECT ${COLUMNS} FROM outbox WHERE status = 'pending' AND conversation_id = ? ORDER BY id`,
              [conversationId],
            );
      return rows.map(toItem);
    },
    async listFailed(conversationIds) {
      if (conversationIds && !conversationIds.length) return [];
      const rows = await sql.all<OutboxRow & { error: string | null; enqueued_at: number }>(
        `SELECT ${COLUMNS}, error, enqueued_at FROM outbox WHERE status = 'failed'
         ${conversationIds ? `AND conversation_id IN (${conversationIds.map(() => '?').join(', ')})` : ''}
         ORDER BY id DESC LIMIT 500`,
        conversationIds ?? [],
      );
      return rows.map((r): FailedOutboxItem => ({
        id: Number(r.id),
        conversationId: r.conversation_id,
        kind: r.kind,
        ...(r.card_key === null ? {} : { cardKey: r.card_key }),
        error: r.error ?? '',
        attempts: Number(r.attempts),
        enqueuedAt: Number(r.enqueued_at),
        payload: parse<Record<string, unknown>>(r.payload),
      }));
    },
    async resend(id, now) {
      const row = await sql.get<OutboxRow>(
        `SELECT ${COLUMNS} FROM outbox WHERE id = ? AND status = 'failed'`,
        [id],
      );
      if (!row) return undefined;
      await sql.run(`UPDATE outbox SET status = 'resent' WHERE id = ?`, [id]);
      const item = toItem(row);
      return this.enqueue(
        {
          conversationId: item.conversationId,
          kind: item.kind,
          ...(item.cardKey ? { cardKey: item.cardKey } : {}),
          payload: item.payload,
        },
        now,
      );
    },
    async get(id) {
      const r = await sql.get<{
        id: number;
        status: string;
        attempts: number;
        activity_id: string | null;
        error: string | null;
      }>('SELECT id, status, attempts, activity_id, error FROM outbox WHERE id = ?', [id]);
      return r
        ? {
            id: Number(r.id),
            status: r.status,
            attempts: Number(r.attempts),
            ...(r.activity_id ? { activityId: r.activity_id } : {}),
            ...(r.error ? { error: r.error } : {}),
          }
        : undefined;
    },
  };
}
