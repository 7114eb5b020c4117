import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@marac/core';
import {
  type ConnectorStandIn,
  startConnectorStandIn,
  seededRandom,
} from '../../../testing/connector-standin.js';
import { connectorSender } from '../../../testing/connector-sender.js';
import {
  captureLog,
  targetFor,
  tempDb,
  type TempDb,
  virtualTime,
} from '../../../testing/connector-harness.js';
import { notifyInMeeting } from './outbox.js';
import { OutboxWorker } from './outbox-worker.js';

/** A cue or a reminder to confirm goes privately, through the outbox, or not at all: never into the chat. */
describe('targeted meeting notifications through the outbox', () => {
  let db: TempDb;
  let store: Store;
  let standIn: ConnectorStandIn;
  let time: ReturnType<typeof virtualTime>;
  let log: ReturnType<typeof captureLog>;
  const conv = '19:meeting_notify@thread.v2';
  beforeEach(async () => {
    db = tempDb();
    store = await db.open();
    time = virtualTime();
    standIn = await startConnectorStandIn({ now: () => time.clock.now() });
    log = captureLog();
  });
  afterEach(async () => {
    await standIn.close();
    await db.dispose();
  });
  const worker = () =>
    new OutboxWorker({
      store,
      sender: connectorSender(),
      clock: time.clock,
      owner: 'w1',
      sleep: time.sleep,
      random: seededRandom(3),
      log,
      limits: { maxAttempts: 4 },
    });
  const cue = (title: string) =>
    notifyInMeeting(
      store.repos,
      targetFor(standIn.url, conv),
      {
        teamsMeetingId: 'MCMeeting-x',
        recipients: ['29:housing'],
        title,
        url: 'https://marac.example/live?meetingId=m&view=stage',
      },
      time.clock.now(),
    );

  it('delivers to the named person only, as Teams’ targetedMeetingNotification', async () => {
    await cue('Housing: your turn on case 3 (MC-2026-0003).');
    await worker().idle();
    expect(standIn.notifications('MCMeeting-x')).toMatchObject([
      {
        recipients: ['29:housing'],
        title: 'Housing: your turn on case 3 (MC-2026-0003).',
        body: { type: 'targetedMeetingNotification' },
      },
    ]);
    expect(standIn.messages(conv)).toEqual([]);
  });

  it.each([403, 404])(
    'refused with %i: logged by status, kept as failed, never posted to the chat',
    async (status) => {
      standIn.refuseNotifications(status);
      await cue('Housing: your turn on case 3 (MC-2026-0003).');
      await worker().idle();
      expect(standIn.notifications()).toEqual([]);
      expect(standIn.messages(conv)).toEqual([]);
      expect(await store.repos.outbox.pending()).toEqual([]);
      expect(log.lines.join('\n')).toMatch(
        new RegExp(`gave up[^\\n]*"kind":"notify"[^\\n]*"status":${status}`),
      );
    },
  );

  it('throttled (429): retried with backoff like any send, then delivered once', async () => {
    standIn.failNext(2, 429, 1);
    await cue('Case 3 (MC-2026-0003): 5 minutes left.');
    await worker().idle();
    expect(standIn.notifications().map((n) => n.title)).toEqual(['Case 3 (MC-2026-0003): 5 minutes left.']);
    expect(standIn.requests.filter((r) => r.url.includes('/notification')).map((r) => r.status)).toEqual([
      429, 429, 202,
    ]);
    expect(standIn.messages(conv)).toEqual([]);
  });
});
