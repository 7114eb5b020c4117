/**
 * kill -9 mid-send: a real server process (test/support/instance.ts, SQLite under DATA_DIR) is
 * killed while its one send is stuck in flight, then started again under the same INSTANCE_ID.
 * The new run takes its predecessor's lease back at once rather than waiting it out (60 s).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorStandIn, type ConnectorStandIn } from '../testing/connector-standin.js';
import { demoSpeaker, nextId, postActivity } from '../testing/teams-activities.js';
import { type Instance, startInstance } from './support/fork-instance.js';

const until = async (what: string, ok: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('an instance killed mid-send', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'marac-crash-'));
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    INSTANCE_ID: 'app-1',
    MARAC_TEST_CLOCK_START: String(Date.parse('2026-11-24T09:25:00Z')),
  };
  let connector: ConnectorStandIn;
  let first: Instance | undefined;
  let second: Instance | undefined;

  beforeAll(async () => {
    connector = await startConnectorStandIn();
  });
  afterAll(async () => {
    await first?.kill();
    await second?.close();
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('the restarted instance delivers the stuck message within 5 s, once', async () => {
    const rep = demoSpeaker('p-housing', 'Housing Rep');
    const conv = 'a:1personal-housing';
    first = await startInstance('first run', env);
    connector.hangNext(1);
    const r = await postActivity(first.url, {
      type: 'message',
      id: nextId(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      text: 'hello',
      from: { id: rep.teamsId, name: rep.name, aadObjectId: rep.aad },
      recipient: { id: '28:marac-bot', name: 'MARAC' },
      conversation: { id: conv, conversationType: 'personal', tenantId: 'tenant-demo' },
      channelData: { tenant: { id: 'tenant-demo' } },
    });
    expect(r.status).toBeLessThan(300);
    await until('the send to be in flight', () => connector.requests.some((q) => q.hung), 20_000);
    await first.kill();
    expect(connector.messages(conv)).toEqual([]);

    second = await startInstance('second run', env);
    const started = Date.now();
    await until('the message after the restart', () => connector.messages(conv).length > 0, 5_000);
    const took = Date.now() - started;
    expect(took).toBeLessThan(5_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(connector.messages(conv).map((m) => m.text)).toEqual([
      expect.stringMatching(/I run MARAC meetings/),
    ]);
    expect(second.output()).toMatch(/took back the leases/);
  }, 600_000);
});
