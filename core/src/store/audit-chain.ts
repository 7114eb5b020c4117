import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditEntry, AuditRecord } from '../domain/audit.js';
import type { Repos, Store } from '../ports/repositories.js';
import { parse, type RepoContext } from './rows.js';

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

/**
 * hash = HMAC-SHA256, keyed with AUDIT_MAC_KEY (configuration, never the database), of (previous
 * hash + canonical JSON of the record with its seq). Without the key nobody who can write the
 * database can recompute a valid chain after editing or removing entries.
 */
export function auditHash(key: Buffer, prevHash: string, seq: number, r: AuditRecord): string {
  return createHmac('sha256', key)
    .update(prevHash + canonicalJson(auditFields(seq, r)))
    .digest('hex');
}

/**
 * How entries were hashed before audit MACs: plain SHA-256 over the same input. Anyone can
 * recompute it, so such entries are trusted only as far as a signed checkpoint seals them.
 */
export function legacyAuditHash(prevHash: string, seq: number, r: AuditRecord): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson(auditFields(seq, r)))
    .digest('hex');
}

function auditFields(seq: number, r: AuditRecord) {
  return {
    seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    reason: r.reason,
    details: r.details,
    outcome: r.outcome,
  };
}

/** The chain's head, signed with the audit key, kept where the database cannot rewrite it. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  at: string;
  sig: string;
}

const checkpointSig = (key: Buffer, c: Omit<AuditCheckpoint, 'sig'>) =>
  createHmac('sha256', key).update(`marac-audit-checkpoint:${c.seq}:${c.hash}:${c.at}`).digest('hex');

export function signCheckpoint(key: Buffer, c: Omit<AuditCheckpoint, 'sig'>): AuditCheckpoint {
  return { ...c, sig: checkpointSig(key, c) };
}

export function checkpointValid(key: Buffer, c: AuditCheckpoint): boolean {
  const want = Buffer.from(checkpointSig(key, c), 'hex');
  const got = Buffer.from(String(c.sig), 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
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
export function auditRepo({ sql, auditKey, held }: RepoContext): Repos['audit'] {
  return {
    async append(record) {
      // Under the write lock the head this batch last saw is still the head: no need to read it.
      const last =
        held?.auditHead ??
        (await sql.get<{ seq: number; hash: string }>(
          'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1',
        ));
      const seq = last ? Number(last.seq) + 1 : 1;
      const prevHash = last?.hash ?? GENESIS_HASH;
      // Hash what will be read back: details go through JSON exactly as stored.
      const r: AuditRecord = {
        ...record,
        ...(record.details === undefined
          ? {}
          : { details: parse<Record<string, unknown>>(JSON.stringify(record.details)) }),
      };
      const hash = auditHash(auditKey, prevHash, seq, r);
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
      if (held) held.auditHead = { seq, hash };
      return { ...r, seq, prevHash, hash };
    },
    async last() {
      const row = await sql.get<AuditRow>('SELECT * FROM audit ORDER BY seq DESC LIMIT 1');
      return row ? toEntry(row) : undefined;
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
  | {
      ok: true;
      count: number;
      head: { seq: number; hash: string };
      /** Entries 1..upTo were written before audit MACs; their plain hash chain holds and a checkpoint seals them. */
      legacy?: { upTo: number };
    }
  | { ok: false; count: number; firstBrokenSeq: number; reason: string; unsealed?: true };

/**
 * Recomputes the whole chain with the audit key. An edited, inserted or removed row breaks it at
 * that seq; a chain recomputed without the key fails at its first entry. A checkpoint (the head
 * as it was, signed) also catches the newest rows removed, or everything up to it rewritten.
 *
 * A database from before audit MACs starts with entries hashed with plain SHA-256. They are
 * accepted, by that chain, only as a prefix (never after a MACed entry) and only up to
 * `seal`, the earliest signed checkpoint: the first start after the upgrade checkpoints
 * their head, and every MAC after it covers that head too. Without such a checkpoint they cannot
 * be told from a chain recomputed without the key, so the trail is reported unsealed.
 */
export async function verifyAuditChain(
  store: Pick<Store, 'repos'>,
  key: Buffer,
  opts: { pageSize?: number; checkpoint?: AuditCheckpoint; seal?: AuditCheckpoint } = {},
): Promise<AuditVerification> {
  const pageSize = opts.pageSize ?? 1000;
  const cp = opts.checkpoint;
  const seal = opts.seal;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let legacyUpTo = 0;
  let maced = false;
  for (;;) {
    const page = await store.repos.audit.list(expectedSeq, pageSize);
    for (const e of page) {
      const broken = (reason: string): AuditVerification & { ok: false } => ({
        ok: false,
        count,
        firstBrokenSeq: e.seq,
        reason,
      });
      if (e.seq !== expectedSeq)
        return { ok: false, count, firstBrokenSeq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      if (e.prevHash !== prevHash)
        return broken(`entry ${e.seq} does not follow entry ${e.seq - 1}: previous hash differs`);
      if (auditHash(key, prevHash, e.seq, e) === e.hash) maced = true;
      else if (maced || legacyAuditHash(prevHash, e.seq, e) !== e.hash)
        return broken(
          `entry ${e.seq} was altered or recomputed: its MAC does not match its content under this AUDIT_MAC_KEY`,
        );
      else if (!seal)
        return {
          ...broken(
            `entry ${e.seq} carries no MAC (written before audit MACs) and no signed checkpoint seals it; start the app once to write one`,
          ),
          unsealed: true,
        };
      else if (e.seq > seal.seq)
        return broken(
          `entry ${e.seq} carries no MAC but comes after the first checkpoint (entry ${seal.seq}): recomputed without the key`,
        );
      else legacyUpTo = e.seq;
      for (const c of [seal, cp])
        if (c && e.seq === c.seq && e.hash !== c.hash)
          return broken(
            `entries up to ${c.seq} were rewritten: entry ${c.seq} differs from the checkpoint of ${c.at}`,
          );
      prevHash = e.hash;
      expectedSeq++;
      count++;
    }
    if (page.length < pageSize) break;
  }
  if (cp && count < cp.seq)
    return {
      ok: false,
      count,
      firstBrokenSeq: count + 1,
      reason: `the trail was cut: it ends at entry ${count}, but the checkpoint of ${cp.at} records entry ${cp.seq}`,
    };
  return {
    ok: true,
    count,
    head: { seq: count, hash: prevHash },
    ...(legacyUpTo ? { legacy: { upTo: legacyUpTo } } : {}),
  };
}

/** The newest entry's seq and hash, for a checkpoint. */
export async function auditHead(store: Pick<Store, 'repos'>): Promise<{ seq: number; hash: string }> {
  const last = await store.repos.audit.last();
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}
