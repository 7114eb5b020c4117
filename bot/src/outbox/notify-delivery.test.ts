import { describe, expect, it } from 'vitest';
import { targetFor, useOutboxHarness } from '../../../testing/connector-harness.js';
import { notifyInMeeting } from './outbox.js';

/** A cue or a reminder to confirm goes privately, through the outbox, or not at all: never into the chat. */
describe('targeted meeting notifications through the outbox', () => {
  const h = useOutboxHarness();
  const conv = '19:meeting_notify@thread.v2';
  const worker = () => h.worker({ seed: 3, limits: { maxAttempts: 4 } });
  const cue = (title: string) =>
    notifyInMeeting(
      h.store.repos,
      targetFor(h.standIn.url, conv),
      {
        teamsMeetingId: 'MCMeeting-x',
        recipients: ['29:housing'],
        title,
        url: 'https://marac.example/live?meetingId=m&view=stage',
      },
      h.time.clock.now(),
    );

  it('delivers to the named person only, as Teams’ targetedMeetingNotification', async () => {
    await cue('Housing: your turn on case 3 (MC-2026-0003).');
    await worker().idle();
    expect(h.standIn.notifications('MCMeeting-x')).toMatchObject([
      {
        recipients: ['29:housing'],
        title: 'Housing: your turn on case 3 (MC-2026-0003).',
        body: { type: 'targetedMeetingNotification' },
      },
    ]);
    expect(h.standIn.messages(conv)).toEqual([]);
  });

  it.each([403, 404])(
    'refused with %i: logged by status, kept as failed, never posted to the chat',
    async (status) => {
      h.standIn.refuseNotifications(status);
      await cue('Housing: your turn on case 3 (MC-2026-0003).');
      await worker().idle();
      expect(h.standIn.notifications()).toEqual([]);
      expect(h.standIn.messages(conv)).toEqual([]);
      expect(await h.store.repos.outbox.pending()).toEqual([]);
      expect(h.log.lines.join('\n')).toMatch(
        new RegExp(`gave up[^\\n]*"kind":"notify"[^\\n]*"status":${status}`),
      );
    },
  );

  it('throttled (429): retried with backoff like any send, then delivered once', async () => {
    h.standIn.failNext(2, 429, 1);
    await cue('Case 3 (MC-2026-0003): 5 minutes left.');
    await worker().idle();
    expect(h.standIn.notifications().map((n) => n.title)).toEqual(['Case 3 (MC-2026-0003): 5 minutes left.']);
    expect(h.standIn.requests.filter((r) => r.url.includes('/notification')).map((r) => r.status)).toEqual([
      429, 429, 202,
    ]);
    expect(h.standIn.messages(conv)).toEqual([]);
  });
});
