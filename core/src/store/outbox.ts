import type { Outbox, OutboxItem } from '../ports/repositories.js';
import { parse, type RepoContext } from './rows.js';

type OutboxRow = {
  id: number;
  conversation_id: string;
  kind: OutboxItem['kind'];
  card_key: string | null;
  payload: string;
  attempts: number;
  not_before: number;
};

const COLUMNS = 'id, conversation_id, kind, card_key, payload, attempts, not_before';

const toItem = (r: OutboxRow): OutboxItem => ({
  id: Number(r.id),
  conversationId: r.conversation_id,
  kind: r.kind,
  ...(r.card_key === null ? {} : { cardKey: r.card_key }),
  payload: parse<Record<string, unknown>>(r.payload),
  attempts: Number(r.attempts),
  notBefore: Number(r.not_before),
});

/** A lease is free when there is none, it ran out, or it is already ours. */
const LEASE_FREE = '(lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)';

/**
 * Outgoing messages, in order per conversation. Only the oldest pending item of a conversation is
 * ever handed out, so a later message can never overtake an earlier one that is waiting, retrying
 * or leased. `attempts` counts failed sends (each `retryLater`). Sent rows stay, marked 'sent'.
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
    async claimReady(owner, now, leaseMs, limit) {
      const heads = await sql.all<OutboxRow>(
        `SELECT ${COLUMNS} FROM outbox o
         WHERE o.status = 'pending'
           AND o.id = (SELECT MIN(p.id) FROM outbox p WHERE p.conversation_id = o.conversation_id AND p.status = 'pending')
           AND o.not_before <= ? AND ${LEASE_FREE}
         ORDER BY o.id LIMIT ?`,
        [now, now, owner, limit],
      );
      const claimed: OutboxItem[] = [];
      for (const head of heads) {
        // Re-checked in the UPDATE: on PostgreSQL another instance may have leased it since our SELECT.
        const n = await sql.run(
          `UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ? AND status = 'pending' AND ${LEASE_FREE}`,
          [owner, now + leaseMs, head.id, now, owner],
        );
        if (n === 1) claimed.push(toItem(head));
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
    async markSent(id) {
      await sql.run(`UPDATE outbox SET status = 'sent', ${release} WHERE id = ?`, [id]);
    },
    async retryLater(id, notBefore) {
      await sql.run(
        `UPDATE outbox SET attempts = attempts + 1, not_before = ?, ${release} WHERE id = ? AND status = 'pending'`,
        [notBefore, id],
      );
    },
    async markFailed(id, error) {
      await sql.run(
        `UPDATE outbox SET status = 'failed', error = ?, attempts = attempts + 1, ${release} WHERE id = ?`,
        [error, id],
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
  };
}
