import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@marac/core';
import { loadConfig } from './config.js';
import { startServer } from './server.js';
import { createLogger } from './log.js';

const verify = (dataDir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/audit-verify.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('npm run audit:verify', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'marac-audit-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('passes on an untouched trail and names the first tampered entry', async () => {
    const server = await startServer(
      loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'on', LOG_LEVEL: 'silent' }),
      {
        clock: new ManualClock(Date.parse('2026-11-24T09:00:00Z')),
        log: createLogger('silent'),
      },
    );
    for (let i = 0; i < 4; i++)
      await server.store.repos.audit.append({
        at: '2026-11-24T09:00:00Z',
        actor: 'p-chair',
        action: 'chair.next',
        subject: 'meeting:m-demo',
        outcome: 'done',
      });
    await server.close();

    const ok = verify(dataDir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Audit chain intact: \d+ entries verified/);

    const db = new Database(join(dataDir, 'marac.sqlite'));
    db.exec('DROP TRIGGER audit_no_update');
    const target = db.prepare('SELECT seq FROM audit ORDER BY seq LIMIT 1 OFFSET 2').get() as { seq: number };
    db.prepare("UPDATE audit SET actor = 'someone-else' WHERE seq = ?").run(target.seq);
    db.close();

    const bad = verify(dataDir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`BROKEN at entry ${target.seq}`);
  });
});
