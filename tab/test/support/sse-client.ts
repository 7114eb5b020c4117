/** A plain HTTP Server-Sent Events client for tests and the bench: fetch streaming, like the tab. */
export interface SseMessage {
  event: string;
  id?: number;
  data: any;
  receivedAt: number;
}

export interface SseConnection {
  status: number;
  messages: SseMessage[];
  /** The last `id:` seen (what a reconnect sends as Last-Event-ID). */
  lastId(): number | undefined;
  /** Resolves with the first message (from `from` on) that matches, or rejects after `timeoutMs`. */
  waitFor(pred: (m: SseMessage) => boolean, timeoutMs?: number, from?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(
  url: string,
  opts: { token?: string; lastEventId?: number; onMessage?: (m: SseMessage) => void } = {},
): Promise<SseConnection> {
  const ctrl = new AbortController();
  const res = await fetch(url, {
    headers: {
      Accept: 'text/event-stream',
      ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.lastEventId !== undefined ? { 'Last-Event-ID': String(opts.lastEventId) } : {}),
    },
    signal: ctrl.signal,
  });
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  let lastId: number | undefined;
  let endedResolve!: () => void;
  const ended = new Promise<void>((r) => (endedResolve = r));
  if (!res.ok || !res.body) {
    endedResolve();
    return {
      status: res.status,
      messages,
      lastId: () => undefined,
      waitFor: () => Promise.reject(new Error(`stream refused: ${res.status}`)),
      ended,
      close: () => ctrl.abort(),
    };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          let event = 'message';
          let id: number | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [k, ...rest] = line.split(':');
            const v = rest.join(':').replace(/^ /, '');
            if (k === 'event') event = v;
            else if (k === 'id') id = Number(v);
            else if (k === 'data') data.push(v);
          }
          if (!data.length) continue;
          if (id !== undefined) lastId = id;
          const m: SseMessage = {
            event,
            id,
            data: JSON.parse(data.join('\n')),
            receivedAt: performance.now(),
          };
          messages.push(m);
          opts.onMessage?.(m);
          for (const w of [...waiters]) w();
        }
      }
    } catch {
      /* aborted or dropped */
    } finally {
      endedResolve();
      for (const w of [...waiters]) w();
    }
  })();
  return {
    status: res.status,
    messages,
    lastId: () => lastId,
    ended,
    close: () => ctrl.abort(),
    waitFor(pred, timeoutMs = 5000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = messages.slice(from).find(pred);
          if (m) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching event within ${timeoutMs} ms; got ${messages.map((x) => `${x.event}:${x.id ?? ''}:${x.data?.event?.type ?? ''}`).join(', ')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
