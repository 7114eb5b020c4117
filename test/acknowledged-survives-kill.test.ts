/**
 * Nothing acknowledged is lost: a real server process (test/support/instance.ts) answers
 * confirmations from a concurrent burst and is killed with SIGKILL the moment the first answer
 * arrives — no shutdown, no flush. After a restart on the same data, every confirmation that was
 * answered is stored (the answer is sent only after its transaction's COMMIT, fsync included).
 * SQLite always; PostgreSQL too when DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher } from '@marac/core';
import { openStore, withPgClient } from '@marac/core/store';
import { startConnectorStandIn, type ConnectorStandIn } from '../testing/connector-standin.js';
import { demoSpeaker, guest, meetingChat, postActivity } from '../testing/teams-activities.js';
import { type Instance, startInstance } from './support/fork-instance.js';

const GUESTS = 24;
const chair = demoSpeaker('p-chair', 'Chris Chair');
const coordinator = demoSpeaker('p-coordinator', 'Cara Coordinator');

/** POST without waiting for the body: `onAnswer` runs as soon as the status line arrives. */
const fire = (url: string, activity: unknown, onAnswer: (status: number) => void) =>
  new Promise<void>((resolve) => {
    const body = JSON.stringify(activity);
    const req = request(
      `${url}/api/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        onAnswer(res.statusCode ?? 0);
        res.resume();
        res.on('end', resolve);
        res.on('error', () => resolve());
      },
    );
    req.on('error', () => resolve()); // the process died before answering: not acknowledged
    req.end(body);
  });

const stores = [
  { name: 'SQLite', databaseUrl: undefined as string | undefined },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', databaseUrl: process.env.DATABASE_URL }] : []),
];

describe.each(stores)('a confirmation answered just before kill -9 ($name)', ({ databaseUrl }) => {
  let connector: ConnectorStandIn | undefined;
  const running: Instance[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'marac-kill9-'));
  const schema = `marac_kill9_${process.pid}_${randomBytes(3).toString('hex')}`;
  const key = randomBytes(32);
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? '',
    ...(databaseUrl ? { MARAC_TEST_PG_SCHEMA: schema } : {}),
    DATA_ENCRYPTION_KEY: key.toString('base64'),
    MARAC_TEST_CLOCK_START: String(Date.parse('2026-11-24T09:25:00Z')),
  };

  afterEach(async () => {
    for (const i of running) await i.kill();
    await connector?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl)
      await withPgClient(databaseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  }, 30_000);

  it('is stored after the restart, with every other answered one', async () => {
    connector = await startConnectorStandIn();
    const first = await startInstance('first run', env);
    running.push(first);
    const chat = meetingChat(connector.url, '19:meeting_kill9@thread.v2');
    const guests = Array.from({ length: GUESTS }, (_, n) => guest(500 + n));
    for (const a of [
      chat.say(coordinator, 'link DEMO'),
      chat.join(chair, ...guests),
      chat.say(chair, 'declaration'),
    ])
      expect((await postActivity(first.url, a)).status).toBeLessThan(300);

    // Everyone confirms at once (half the card's button, half typed); the first answer kills the process.
    const answered = new Set<string>();
    let killed: Promise<void> | undefined;
    await Promise.all(
      guests.map((g, n) =>
        fire(
          first.url,
          n % 2 ? chat.card(g, 'declaration.confirm', { meetingId: 'm-demo' }) : chat.say(g, 'I agree'),
          (status) => {
            if (status >= 300) return;
            // Answers that arrive while it is dying were acknowledged too.
            answered.add(g.aad);
            killed ??= first.kill();
          },
        ),
      ),
    );
    await killed;
    expect(answered.size).toBeGreaterThan(0);

    const second = await startInstance('second run', env);
    running.push(second);
    const store = await openStore({
      databaseUrl,
      schema: databaseUrl ? schema : undefined,
      sqlitePath: join(dataDir, 'marac.sqlite'),
      cipher: new PersonalDataCipher(key),
    });
    try {
      const stored = new Set((await store.repos.confirmations.list('m-demo')).map((c) => c.aadObjectId));
      for (const aad of answered) expect(stored, `answered confirmation of ${aad}`).toContain(aad);
    } finally {
      await store.close();
    }
  }, 600_000);
});
