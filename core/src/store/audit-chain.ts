import { createHash } from 'node:crypto';
import type { AuditEntry, AuditRecord } from '../domain/audit.js';
import type { Repos, Store } from '../ports/repositories.js';
import { parse, type RepoContext } from './rows.js';
import { appendLock } from './sql.js';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys and no undefined members: the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** hash = sha256 hex of (previous hash + canonical JSON of the record with its seq). */
export function auditHash(prevHash: string, seq: number, r: AuditRecord): string {
  const fields = {
    seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    reason: r.reason,
    details: r.details,
    outcome: r.outcome,
  };
  return createHash('sha256')
    .update(prevHash + canonicalJson(fields))
    .digest('hex');
}

type AuditRow = {
  seq: number;
  at: string;
  actor: string;
  action_name: string;
  subject: string;
  reason: string | null;
  details: string | null;
  outcome: AuditRecord['outcome'];
  prev_hash: string;
  hash: string;
};

const toEntry = (r: AuditRow): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  action: r.action_name,
  subject: r.subject,
  ...(r.reason === null ? {} : { reason: r.reason }),
  ...(r.details === null ? {} : { details: parse<Record<string, unknown>>(r.details) }),
  outcome: r.outcome,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Append-only by construction: there is no update or delete here, and triggers refuse them in SQL. */
export function auditRepo({ sql }: RepoContext): Repos['audit'] {
  return {
    async append(record) {
      await appendLock(sql);
      const last = await sql.get<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1',
      );
      const seq = last ? Number(last.seq) + 1 : 1;
      const prevHash = last?.hash ?? GENESIS_HASH;
      // Hash what will be read back: details go through JSON exactly as stored.
      const r: AuditRecord = {
        ...record,
        ...(record.details === undefined
          ? {}
          : { details: parse<Record<string, unknown>>(JSON.stringify(record.details)) }),
      };
      const hash = auditHash(prevHash, seq, r);
      await sql.run(
        `INSERT INTO audit (seq, at, actor, action_name, subject, reason, details, outcome, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          seq,
          r.at,
          r.actor,
          r.action,
          r.subject,
          r.reason ?? null,
          r.details === undefined ? null : JSON.stringify(r.details),
          r.outcome,
          prevHash,
          hash,
        ],
      );
      return { ...r, seq, prevHash, hash };
    },
    async list(fromSeq = 1, limit = 1000) {
      const rows = await sql.all<AuditRow>('SELECT * FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?', [
        fromSeq,
        limit,
      ]);
      return rows.map(toEntry);
    },
  };
}

export type AuditVerification =
  { ok: true; count: number } | { ok: false; count: number; firstBrokenSeq: number; reason: string };

/**
 * Recomputes the whole chain through the public port. Any edited, inserted or removed row breaks
 * it at that seq. (Removing only the newest rows needs an outside copy of the head hash to notice.)
 */
export async function verifyAuditChain(
  store: Pick<Store, 'repos'>,
  pageSize = 1000,
): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await store.repos.audit.list(expectedSeq, pageSize);
    for (const e of page) {
      const broken = (reason: string): AuditVerification => ({
        ok: false,
        count,
        firstBrokenSeq: e.seq,
        reason,
      });
      if (e.seq !== expectedSeq)
        return { ok: false, count, firstBrokenSeq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      if (e.prevHash !== prevHash)
        return broken(`entry ${e.seq} does not follow entry ${e.seq - 1}: previous hash differs`);
      if (auditHash(prevHash, e.seq, e) !== e.hash)
        return broken(`entry ${e.seq} was altered: its hash does not match its content`);
      prevHash = e.hash;
      expectedSeq++;
      count++;
    }
    if (page.length < pageSize) return { ok: true, count };
  }
}
