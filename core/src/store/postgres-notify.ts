import { createHash } from 'node:crypto';
import pg from 'pg';

/** One NOTIFY channel per schema, so test schemas (and tenants) sharing a database stay apart. */
export const eventChannel = (schema = 'public') =>
  `marac_events_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;

export interface EventListenerConnection {
  close(): Promise<void>;
}

const ignore = () => undefined;

/**
 * A dedicated connection LISTENing for committed event seqs. If it drops it reconnects every
 * second until it succeeds, then calls `onSeq(0)` so the feed re-reads whatever it missed.
 */
export async function listenForEvents(
  config: pg.ClientConfig,
  channel: string,
  onSeq: (seq: number) => void,
  onError: (e: unknown) => void,
): Promise<EventListenerConnection> {
  let closed = false;
  let client: pg.Client | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const reconnectSoon = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => onSeq(0),
        (e: unknown) => {
          onError(e);
          reconnectSoon();
        },
      );
    }, 1000);
    retry.unref();
  };

  const connect = async () => {
    const c = new pg.Client(config);
    const lost = () => {
      if (client !== c) return;
      client = undefined;
      c.end().catch(ignore);
      reconnectSoon();
    };
    c.on('error', (e) => {
      onError(e);
      lost();
    });
    c.on('end', lost);
    c.on('notification', (n) => {
      const seq = Number(n.payload);
      if (n.channel === channel && Number.isFinite(seq)) onSeq(seq);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (e) {
      c.end().catch(ignore);
      throw e;
    }
    if (closed) await c.end().catch(ignore);
    else client = c;
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(ignore);
    },
  };
}
