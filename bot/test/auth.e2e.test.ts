import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createLogger } from '../../src/log.js';
import { startBotFrameworkStandIn } from '../../testing/botframework-standin.js';
import { demoSpeaker, meetingChat, postActivity } from '../../testing/teams-activities.js';

const APP_ID = '6b3f1d2e-8c4a-4f7e-9a1b-2c3d4e5f6a7b';
const chair = demoSpeaker('p-chair', 'Chris Chair');

describe('Bot Framework authentication when an app id is configured', () => {
  let bf: Awaited<ReturnType<typeof startBotFrameworkStandIn>>;
  let server: RunningServer;
  let dir: string;
  const serviceUrl = 'http://127.0.0.1:9/';
  const chat = meetingChat(serviceUrl, '19:meeting_auth@thread.v2');

  beforeAll(async () => {
    bf = await startBotFrameworkStandIn();
    dir = mkdtempSync(join(tmpdir(), 'marac-auth-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
      SEED_DEMO: 'on',
    });
    server = await startServer(config, {
      log: createLogger('silent'),
      botAuth: { openIdMetadataUrl: bf.openIdMetadataUrl },
    });
  });
  afterAll(async () => {
    await server.close();
    await bf.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const linkAudits = async () =>
    (await server.store.repos.audit.list()).filter((a) => a.action === 'meeting.link').length;

  it('accepts an activity signed by the channel for this bot', async () => {
    const token = await bf.channelToken({ appId: APP_ID, serviceUrl });
    const r = await postActivity(server.url, chat.say(chair, 'hello there'), {
      authorization: `Bearer ${token}`,
    });
    expect(r.status).toBe(200);
  });

  it.each([
    ['no token', async () => undefined],
    [
      'a token signed by someone else',
      async () =>
        bf.channelToken({ appId: APP_ID, serviceUrl, key: (await generateKeyPair('RS256')).privateKey }),
    ],
    [
      'a token for another bot',
      async () => bf.channelToken({ appId: '00000000-0000-4000-8000-000000000000', serviceUrl }),
    ],
    [
      'a token from another issuer',
      async () => bf.channelToken({ appId: APP_ID, serviceUrl, issuer: 'https://evil.example' }),
    ],
    [
      'a token for another service URL',
      async () => bf.channelToken({ appId: APP_ID, serviceUrl: 'https://smba.evil.example/' }),
    ],
    ['an expired token', async () => bf.channelToken({ appId: APP_ID, serviceUrl, expiresIn: '-10m' })],
  ])('refuses %s with 401 and writes nothing', async (_name, make) => {
    const token = await make();
    const r = await postActivity(
      server.url,
      chat.say(chair, 'link DEMO'),
      token ? { authorization: `Bearer ${token}` } : {},
    );
    expect(r.status).toBe(401);
    expect(await linkAudits()).toBe(0);
    expect((await server.store.repos.meetings.get('m-demo'))?.teams).toBeUndefined();
  });
});
