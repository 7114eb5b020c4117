import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@marac/core';
import { type AuditRecord } from '@marac/core';
import { auditHash, GENESIS_HASH, legacyAuditHash } from '@marac/core/store';
import { loadConfig } from './config.js';
import { startServer } from './server.js';
import { createLogger } from './log.js';

const KEY = randomBytes(32).toString('base64');
const verify = (dataDir: string, key = KEY) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/audit-verify.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', AUDIT_MAC_KEY: key },
    encoding: 'utf8',
    timeout: 60_000,
  });

type Row = {
  seq: number;
  at: string;
  actor: string;
  action_name: string;
  subject: string;
  reason: string | null;
  details: string | null;
  outcome: 'done' | 'refused';
  hash: string;
};

/** Behind the app's back, with the triggers dropped: what someone with database access could do. */
function tamper(dataDir: string, fn: (db: Database.Database) => void) {
  const db = new Database(join(dataDir, 'marac.sqlite'));
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  fn(db);
  db.close();
}

type Hash = (prev: string, seq: number, r: AuditRecord) => string;
/** As the app hashed entries before audit MACs: plain SHA-256, which anyone can recompute. */
const legacy: Hash = legacyAuditHash;

/**
 * Rewrites every hash from `fromSeq` (to `toSeq`) under `key`, or with `legacy` hashing, so the
 * chain links up again.
 */
function recompute(db: Database.Database, key: Buffer | Hash, fromSeq: number, toSeq = Infinity) {
  const hashOf: Hash = typeof key === 'function' ? key : (p, q, r) => auditHash(key, p, q, r);
  const rows = db.prepare('SELECT * FROM audit ORDER BY seq').all() as Row[];
  let prev = GENESIS_HASH;
  for (const r of rows) {
    if (r.seq >= fromSeq && r.seq <= toSeq) {
      const hash = hashOf(prev, r.seq, {
        at: r.at,
        actor: r.actor,
        action: r.action_name,
        subject: r.subject,
        ...(r.reason === null ? {} : { reason: r.reason }),
        ...(r.details === null ? {} : { details: JSON.parse(r.details) }),
        outcome: r.outcome,
      });
      db.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
      r.hash = hash;
    }
    prev = r.hash;
  }
}

describe('npm run audit:verify', () => {
  const pristine = mkdtempSync(join(tmpdir(), 'marac-audit-'));
  const copies: string[] = [];
  let last = 0;
  const copy = (from = pristine) => {
    const dir = mkdtempSync(join(tmpdir(), 'marac-audit-case-'));
    cpSync(from, dir, { recursive: true });
    copies.push(dir);
    return dir;
  };
  beforeAll(async () => {
    const server = await startServer(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATA_DIR: pristine,
        SEED_DEMO: 'on',
        LOG_LEVEL: 'silent',
        AUDIT_MAC_KEY: KEY,
      }),
      { clock: new ManualClock(Date.parse('2026-11-24T09:00:00Z')), log: createLogger('silent') },
    );
    for (let i = 0; i < 6; i++)
      last = (
        await server.store.repos.audit.append({
          at: '2026-11-24T09:00:00Z',
          actor: 'p-chair',
          action: 'chair.next',
          subject: 'meeting:m-demo',
          outcome: 'done',
        })
      ).seq;
    await server.close(); // writes the shutdown checkpoint
  }, 60_000);
  afterAll(() => {
    for (const d of [pristine, ...copies]) rmSync(d, { recursive: true, force: true });
  });

  it('passes on an untouched trail, against the signed checkpoint written on shutdown', () => {
    const lines = readFileSync(join(pristine, 'audit-checkpoints.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ seq: last });
    const ok = verify(pristine);
    expect(ok.stdout).toMatch(
      new RegExp(
        `Audit chain intact: ${last} entries verified; checkpoint of .* \\(entry ${last}\\) matches`,
      ),
    );
    expect(ok.status).toBe(0);
  });

  it.each([
    [
      'an edited entry',
      (db: Database.Database) => db.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = 3").run(),
      /BROKEN at entry 3 \(entry 3 was altered or recomputed/,
    ],
    [
      'a deleted middle entry',
      (db: Database.Database) => db.prepare('DELETE FROM audit WHERE seq = 3').run(),
      /BROKEN at entry 3 \(entry 3 is missing/,
    ],
    [
      'the newest entries deleted',
      (db: Database.Database) => db.prepare('DELETE FROM audit WHERE seq >= ?').run(last - 1),
      () =>
        new RegExp(
          `the trail was cut: it ends at entry ${last - 2}, but the checkpoint of .* records entry ${last}`,
        ),
    ],
    [
      'an edit with every later hash recomputed (without the key)',
      (db: Database.Database) => {
        db.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = 3").run();
        recompute(db, randomBytes(32), 1);
      },
      /BROKEN at entry 1 \(entry 1 was altered or recomputed/,
    ],
    [
      'an edit recomputed with the key itself',
      (db: Database.Database) => {
        db.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = 3").run();
        recompute(db, Buffer.from(KEY, 'base64'), 3);
      },
      () =>
        new RegExp(
          `BROKEN at entry ${last} \\(entries up to ${last} were rewritten: entry ${last} differs from the checkpoint`,
        ),
    ],
  ])('reports %s, naming where', (_what, change, expected) => {
    const dir = copy();
    tamper(dir, change);
    const bad = verify(dir);
    expect(bad.stderr).toMatch(typeof expected === 'function' ? expected() : expected);
    expect(bad.status).toBe(1);
  });

  describe('a database written before audit MACs', () => {
    // As the earlier version left it: a plain SHA-256 chain and no checkpoint file.
    let before = '';
    let sealed = '';
    let legacyHead = 0;
    let head = 0;
    beforeAll(async () => {
      before = copy();
      tamper(before, (db) => recompute(db, legacy, 1));
      rmSync(join(before, 'audit-checkpoints.jsonl'));
      legacyHead = last;
      // The first start of this version on it: a checkpoint at start seals the old entries, and
      // every MAC after them covers their head.
      sealed = copy(before);
      const server = await startServer(
        loadConfig({
          NODE_ENV: 'test',
          PORT: '0',
          DATA_DIR: sealed,
          SEED_DEMO: 'on',
          LOG_LEVEL: 'silent',
          AUDIT_MAC_KEY: KEY,
        }),
        { clock: new ManualClock(Date.parse('2026-11-25T09:00:00Z')), log: createLogger('silent') },
      );
      for (let i = 0; i < 3; i++)
        head = (
          await server.store.repos.audit.append({
            at: '2026-11-25T09:00:00Z',
            actor: 'p-chair',
            action: 'chair.next',
            subject: 'meeting:m-demo',
            outcome: 'done',
          })
        ).seq;
      await server.close();
    }, 60_000);

    it('is reported not yet sealed (not broken) until this version has checkpointed it', () => {
      const r = verify(before);
      expect(r.stderr).toMatch(
        /NOT SEALED at entry 1 \(entry 1 carries no MAC \(written before audit MACs\) and no signed checkpoint seals it/,
      );
      expect(r.stderr).not.toMatch(/BROKEN/);
      expect(r.status).toBe(1);
    });

    it('verifies once sealed: the old entries by their hash chain, the new ones by their MACs', () => {
      const r = verify(sealed);
      expect(r.stdout).toMatch(new RegExp(`Audit chain intact: ${head} entries verified`));
      expect(r.stdout).toMatch(
        new RegExp(
          `Entries 1 to ${legacyHead} predate audit MACs: verified by their hash chain, sealed by the first checkpoint \\(.*, entry ${legacyHead}\\)`,
        ),
      );
      expect(r.status).toBe(0);
    });

    it.each([
      [
        'an old entry edited, the old chain recomputed',
        (db: Database.Database) => {
          db.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = 2").run();
          recompute(db, legacy, 2, legacyHead);
        },
        () =>
          new RegExp(
            `BROKEN at entry ${legacyHead} \\(entries up to ${legacyHead} were rewritten: entry ${legacyHead} differs from the checkpoint`,
          ),
      ],
      [
        'an old middle entry deleted',
        (db: Database.Database) => db.prepare('DELETE FROM audit WHERE seq = 3').run(),
        () => /BROKEN at entry 3 \(entry 3 is missing/,
      ],
      [
        'a new entry edited and every hash recomputed the old way (a downgrade)',
        (db: Database.Database) => {
          db.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = ?").run(legacyHead + 2);
          recompute(db, legacy, legacyHead + 1);
        },
        () =>
          new RegExp(
            `BROKEN at entry ${legacyHead + 1} \\(entry ${legacyHead + 1} carries no MAC but comes after the first checkpoint \\(entry ${legacyHead}\\)`,
          ),
      ],
      [
        'the newest entries deleted',
        (db: Database.Database) => db.prepare('DELETE FROM audit WHERE seq > ?').run(legacyHead),
        () => new RegExp(`the trail was cut: it ends at entry ${legacyHead}, but the checkpoint`),
      ],
    ])('then reports %s, naming where', (_what, change, expected) => {
      const dir = copy(sealed);
      tamper(dir, change);
      const bad = verify(dir);
      expect(bad.stderr).toMatch(expected());
      expect(bad.status).toBe(1);
    });
  });

  it('reports a replaced key: the first entry fails, and the checkpoints do not verify', () => {
    const bad = verify(copy(), randomBytes(32).toString('base64'));
    expect(bad.stderr).toMatch(
      /BROKEN at entry 1 \(entry 1 was altered or recomputed: its MAC does not match/,
    );
    expect(bad.stderr).toMatch(/checkpoint line\(s\) .* do not carry a valid signature/);
    expect(bad.status).toBe(1);
  });
});
