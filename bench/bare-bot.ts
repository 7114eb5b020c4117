import express from 'express';
import type { Server } from 'node:http';
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

/** A bare botbuilder bot (no app id, no auth) that only answers "ok": the baseline for the burst. */
export async function startBareBot() {
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
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}
