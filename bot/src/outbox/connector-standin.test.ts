import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectorStandIn, startConnectorStandIn } from '../../../testing/connector-standin.js';
import { connectorSender, parseRetryAfter } from '../../../testing/connector-sender.js';
import { targetFor } from '../../../testing/connector-harness.js';
import { SendError } from './chat-sender.js';

let s: ConnectorStandIn;
let now = 1_000_000;
beforeEach(async () => {
  now = 1_000_000;
  s = await startConnectorStandIn({ now: () => now });
});
afterEach(() => s.close());

const conv = '19:meeting_abc@thread.v2;messageid=1700000000000';
const path = (...parts: string[]) => new URL(parts.map(encodeURIComponent).join('/'), s.url).toString();
const call = async (method: string, url: string, body?: unknown) => {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: await res.json().catch(() => undefined),
  };
};

describe('connector stand-in', () => {
  it('posts, replies and updates with the Bot Connector routes, decoding ids with : @ ;', async () => {
    const posted = await call('POST', `${s.url}v3/conversations/${encodeURIComponent(conv)}/activities`, {
      type: 'message',
      text: 'hi',
    });
    expect(posted.status).toBe(200);
    const { id } = posted.body as { id: string };
    const reply = await call('POST', path('v3', 'conversations', conv, 'activities', id), { text: 'reply' });
    expect(reply.status).toBe(200);
    const card = {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', version: '1.5' },
    };
    for (const n of [1, 2]) {
      const put = await call('PUT', path('v3', 'conversations', conv, 'activities', id), {
        text: `hi ${n}`,
        attachments: [card],
      });
      expect(put).toMatchObject({ status: 200, body: { id } });
    }
    expect(s.messages(conv).map((m) => [m.text, m.updated, m.replyToId, m.attachments?.length])).toEqual([
      ['hi 2', 2, undefined, 1],
      ['reply', 0, id, undefined],
    ]);
    const t = s.transcript(conv);
    expect(t.requests.map((r) => [r.method, r.conversationId, r.status])).toEqual([
      ['POST', conv, 200],
      ['POST', conv, 200],
      ['PUT', conv, 200],
      ['PUT', conv, 200],
    ]);
    expect(
      (await call('PUT', path('v3', 'conversations', conv, 'activities', 'nope'), { text: 'x' })).body,
    ).toEqual({
      error: { code: 'ActivityNotFound', message: 'Unknown activity' },
    });
  });

  it('creates one 1:1 conversation per user, and serves members and meeting participants in Teams shapes', async () => {
    const member = {
      id: '29:abc',
      aadObjectId: 'aad-1',
      name: 'Pat Chair',
      email: 'pat@example.org',
      userPrincipalName: 'pat@example.org',
    };
    s.addMember(conv, member);
    s.addMember(conv, { id: '29:def', aadObjectId: 'aad-2', name: 'Sam Police' });
    const created = await call('POST', `${s.url}v3/conversations`, {
      isGroup: false,
      members: [{ id: '29:abc' }],
      tenantId: 't',
    });
    expect(created.status).toBe(201);
    const again = await call('POST', `${s.url}v3/conversations`, {
      members: [{ id: '29:abc' }],
      activity: { text: 'welcome' },
    });
    expect((again.body as { id: string }).id).toBe((created.body as { id: string }).id);
    expect(s.messages((again.body as { id: string }).id).map((m) => m.text)).toEqual(['welcome']);

    expect((await call('GET', path('v3', 'conversations', conv, 'members', 'aad-1'))).body).toEqual(member);
    expect((await call('GET', path('v3', 'conversations', conv, 'members', '29:zzz'))).status).toBe(404);
    const page1 = await call('GET', `${path('v3', 'conversations', conv, 'pagedmembers')}?pageSize=1`);
    expect(page1.body).toMatchObject({ members: [{ id: '29:abc' }], continuationToken: '1' });
    const page2 = await call(
      'GET',
      `${path('v3', 'conversations', conv, 'pagedmembers')}?pageSize=1&continuationToken=1`,
    );
    expect(page2.body).toEqual({ members: [{ id: '29:def', aadObjectId: 'aad-2', name: 'Sam Police' }] });

    const meetingId = 'MCMxOTptZWV0aW5n';
    s.setParticipant(meetingId, {
      aadObjectId: 'aad-1',
      role: 'Organizer',
      inMeeting: true,
      conversationId: conv,
    });
    const p = await call('GET', `${path('v1', 'meetings', meetingId, 'participants', 'aad-1')}?tenantId=t`);
    expect(p.body).toEqual({
      user: member,
      meeting: { role: 'Organizer', inMeeting: true },
      conversation: { id: conv, isGroup: true, conversationType: 'groupChat' },
    });
    expect((await call('GET', path('v1', 'meetings', meetingId, 'participants', 'aad-1'))).status).toBe(400);
  });

  it('fails on demand with Retry-After, and the sender turns that into SendError', async () => {
    s.failNext(1, 429, 3);
    const sender = connectorSender();
    const err = await sender.send(targetFor(s.url, conv), { text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 3000 });
    expect(s.messages(conv)).toEqual([]);
    expect(await sender.send(targetFor(s.url, conv), { text: 'x' })).toHaveProperty('id');
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(5000);
  });

  it('random failures are reproducible from the seed', async () => {
    const run = async () => {
      s.failRandomly({ rate: 0.5, statuses: [429, 502], seed: 9 });
      const out: number[] = [];
      for (let i = 0; i < 20; i++)
        out.push((await call('POST', path('v3', 'conversations', 'c', 'activities'), { text: 'x' })).status);
      return out;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 429, 502]));
  });

  it('enforces 7 per second per conversation when asked', async () => {
    s.enforceRateLimits();
    const post = (c: string) => call('POST', path('v3', 'conversations', c, 'activities'), { text: 'x' });
    for (let i = 0; i < 7; i++) expect((await post('a')).status).toBe(200);
    const limited = await post('a');
    expect(limited).toMatchObject({ status: 429, retryAfter: '1' });
    expect((await post('b')).status).toBe(200);
    now += 1000;
    expect((await post('a')).status).toBe(200);
  });
});
