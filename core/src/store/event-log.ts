import type { DomainEvent, StoredEvent } from '../domain/events.js';
import type { Repos } from '../ports/repositories.js';
import { parse, type RepoContext } from './rows.js';
import type { Sql } from './sql.js';

type EventRow = { seq: number; at: string; data: string };
const toStored = (r: EventRow): StoredEvent => ({
  ...parse<DomainEvent>(r.data),
  seq: Number(r.seq),
  at: r.at,
});

/** Committed events after `seq`, oldest first. Shared by the repository and the listener feed. */
export async function eventsSince(sql: Sql, seq: number, limit = 1000): Promise<StoredEvent[]> {
  const rows = await sql.all<EventRow>(
    'SELECT seq, at, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
    [seq, limit],
  );
  return rows.map(toStored);
}

export async function lastEventSeq(sql: Sql): Promise<number> {
  const row = await sql.get<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM events');
  return Number(row?.seq ?? 0);
}

/** The event log every face reads; appends are remembered so listeners hear of them after commit. */
export function eventLog({ sql, appended, eventChannel }: RepoContext): Repos['events'] {
  return {
    async append(e, at) {
      const row = await sql.get<{ seq: number }>(
        eventChannel
          ? `WITH e AS (INSERT INTO events (at, type, data) VALUES (?, ?, ?) RETURNING seq)
             SELECT seq, pg_notify(?, seq::text) AS notified FROM e`
          : 'INSERT INTO events (at, type, data) VALUES (?, ?, ?) RETURNING seq',
        eventChannel ? [at, e.type, JSON.stringify(e), eventChannel] : [at, e.type, JSON.stringify(e)],
      );
      const seq = Number(row!.seq);
      appended.lastSeq = Math.max(appended.lastSeq, seq);
      return { ...e, seq, at };
    },
    since: (seq, limit) => eventsSince(sql, seq, limit),
    lastSeq: () => lastEventSeq(sql),
  };
}
