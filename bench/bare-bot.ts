import express from 'express';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';

class BareBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      await ctx.sendActivity('ok');
      await next();
    });
  }
  protected override async onInvokeActivity(_ctx: TurnContext): Promise<InvokeResponse> {
    return {
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' },
    };
  }
}

/** A bare botbuilder bot (no app id, no auth) that replies "ok" and answers invokes: the baseline. */
export async function startBareBot(port = 0) {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new BareBot();
  const app = express();
  app.use(express.json({ limit: '256kb' }));
  app.post('/api/messages', (req, res) => {
    void adapter
      .process(req, res, (ctx) => bot.run(ctx))
      .catch(() => {
        if (!res.headersSent) res.status(500).end();
      });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

// `tsx bench/bare-bot.ts`: the baseline in its own process, as the burst bench starts it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bare = await startBareBot();
  console.log(`bare bot listening on ${bare.port}`);
  process.on('SIGTERM', () => void bare.close().then(() => process.exit(0)));
}
