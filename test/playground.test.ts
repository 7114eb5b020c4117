/**
 * The Microsoft 365 Agents Playground (the npm package, offline, no tenant) against the whole
 * server: the Playground is started here as `npm run playground` starts it, with the
 * demonstration people as its users, and its own API is driven as its web client drives it.
 * What the bot sends goes to the Playground's connector, which must accept it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness } from '../testing/bot-harness.js';
import { PLAYGROUND, playgroundConfig } from '../src/playground/config.js';
import { playgroundCli } from '../src/playground/cli.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('the Agents Playground drives the bot', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let pg: ChildProcess;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'marac-playground-'));
  const chat = PLAYGROUND.meetingChatId;
  const mention = { mentioned: { id: PLAYGROUND.botId }, text: '<at>MARAC</at>' };
  /** Typed in the Playground's group chat; it forwards only messages that @mention the bot, as Teams does without RSC. */
  const say = async (personId: string, text: string) => {
    const r = await fetch(`${base}/_conversation/v1/conversations/${encodeURIComponent(chat)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: { id: `29:${personId}` },
        text: `<at>MARAC</at> ${text}`,
        textFormat: 'plain',
        mentions: [mention],
      }),
    });
    expect(r.status, await r.clone().text()).toBe(200);
  };
  /** The Playground forwards to the bot after answering: wait (bounded) for what the bot did. */
  const until = async (ok: () => Promise<boolean>, what = 'the bot to answer') => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      await h.settle();
      if (await ok()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const sentIn = async () => {
    const m = await h.server.store.repos.meetings.get('m-demo');
    return m?.teams?.conversationId === chat;
  };

  beforeAll(async () => {
    h = await startBotHarness();
    writeFileSync(join(dir, '.m365agentsplayground.yml'), playgroundConfig());
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    pg = spawn(process.execPath, playgroundCli({ botUrl: `${h.url}/api/messages`, port }), {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`the Playground did not start: ${out}`)), 30_000);
      pg.stdout!.on('data', (d) => {
        out += d;
        if (out.includes(`Listening on ${port}`)) {
          clearTimeout(t);
          resolve();
        }
      });
      pg.on('exit', (code) => reject(new Error(`the Playground exited (${code}): ${out}`)));
    });
  }, 60_000);
  afterAll(async () => {
    pg?.kill();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is configured with the demonstration people (.m365agentsplayground.yml is up to date)', () => {
    expect(readFileSync(join(import.meta.dirname, '..', '.m365agentsplayground.yml'), 'utf8')).toBe(
      playgroundConfig(),
    );
  });

  it(
    'links the chat, posts the declaration, and records a typed confirmation and a card one',
    { timeout: 90_000 },
    async () => {
      await say('p-chair', 'link DEMO');
      await until(sentIn, 'the chat to be linked');
      await say('p-chair', 'declaration');
      const r = h.server.store.repos;
      await until(async () => !!(await r.cards.get('decl:m-demo')), 'the declaration card');
      const card = (await r.cards.get('decl:m-demo'))!;

      // The police representative presses "I confirm" on the card, in the Playground.
      const invoke = await fetch(`${base}/_conversation/v1/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'adaptiveCard/action',
          value: {
            action: { type: 'Action.Execute', verb: 'declaration.confirm', data: { meetingId: 'm-demo' } },
          },
          from: { id: '29:p-police' },
          conversation: { id: chat },
          replyToId: card.activityId,
        }),
      });
      const answer = await invoke.text();
      expect(invoke.status, answer).toBe(200);
      expect(answer).toContain('application/vnd.microsoft.card.adaptive');
      expect(answer).toContain('You confirmed at');
      // The chair (the Playground's own user: it sends typed messages as that user) types "I agree".
      await say('p-chair', 'I agree');
      await until(async () => (await r.confirmations.list('m-demo')).length === 2, 'two confirmations');
      const who = (await r.confirmations.list('m-demo')).map((c) => c.displayName).sort();
      expect(who).toEqual(['Chris Chair', 'Police Rep']);
      expect((await r.confirmations.list('m-demo')).map((c) => c.method).sort()).toEqual(['card', 'typed']);
      // Everything the bot sent was accepted by the Playground's connector: nothing left, nothing failed.
      expect(await r.outbox.pending()).toEqual([]);
      expect(await r.outbox.listFailed()).toEqual([]);
    },
  );
});
