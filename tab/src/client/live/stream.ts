import { ApiError } from '../api.js';
import { getSession, signInAgain } from '../session.js';
import type { LiveEvent, LiveSnapshot } from './types.js';

/**
 * The live view's event stream. EventSource cannot send the Authorization header, so this reads
 * Server-Sent Events over fetch. Each change carries the event's global seq as its id; after a
 * drop it reconnects (quickly, then backing off) with `Last-Event-ID`, and the server replays
 * what was missed before going live again. A stream silent for longer than three heartbeats is
 * treated as dead and reopened.
 */
export interface StreamHandlers {
  onSnapshot(snapshot: LiveSnapshot, seq: number | undefined): void;
  onChange(event: LiveEvent, seq: number | undefined, snapshot?: LiveSnapshot): void;
  onPing(serverNow: number): void;
  onStatus(status: 'connecting' | 'live' | 'reconnecting'): void;
  /** The meeting cannot be shown to this person (or no longer exists): stop. */
  onFatal(error: ApiError): void;
}

export interface LiveStream {
  close(): void;
  lastEventId(): number | undefined;
  /** How many times a stream was opened (1 + reconnects). */
  connects(): number;
}

const SILENCE_MS = 45_000;

export function openLiveStream(meetingId: string, h: StreamHandlers): LiveStream {
  const url = `/api/meetings/${encodeURIComponent(meetingId)}/events`;
  let lastId: number | undefined;
  let stopped = false;
  let connects = 0;
  let ctrl: AbortController | undefined;
  let wake: (() => void) | undefined;
  // Back online: do not wait out the backoff.
  const online = () => wake?.();
  window.addEventListener('online', online);

  const dispatch = (event: string, id: number | undefined, data: string) => {
    if (id !== undefined) lastId = id;
    const body = JSON.parse(data) as { snapshot?: LiveSnapshot; event?: LiveEvent; serverNow?: number };
    if (event === 'snapshot' && body.snapshot) h.onSnapshot(body.snapshot, id);
    else if (event === 'change' && body.event) h.onChange(body.event, id, body.snapshot);
    else if (event === 'ping' && typeof body.serverNow === 'number') h.onPing(body.serverNow);
  };

  const run = async () => {
    for (let attempt = 0; !stopped;) {
      ctrl = new AbortController();
      const abort = ctrl;
      let silence: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(silence);
        silence = setTimeout(() => abort.abort(), SILENCE_MS);
      };
      try {
        h.onStatus(connects ? 'reconnecting' : 'connecting');
        const session = getSession();
        const res = await fetch(url, {
          headers: {
            Accept: 'text/event-stream',
            ...(session ? { Authorization: `Bearer ${session.token}` } : {}),
            ...(lastId !== undefined ? { 'Last-Event-ID': String(lastId) } : {}),
          },
          cache: 'no-store',
          signal: abort.signal,
        });
        if (res.status === 401) {
          const e = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
          await signInAgain(e.error?.message ?? 'Your sign-in has expired. Sign in again to carry on.');
          continue;
        }
        if (!res.ok || !res.body) {
          const e = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
          if (res.status === 403 || res.status === 404) {
            h.onFatal(
              new ApiError(
                res.status,
                e.error?.code ?? 'error',
                e.error?.message ?? 'This meeting cannot be shown.',
              ),
            );
            return;
          }
          throw new Error(`stream refused: ${res.status}`);
        }
        connects++;
        attempt = 0;
        h.onStatus('live');
        arm();
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          arm();
          buf += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
          let cut: number;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            let event = 'message';
            let id: number | undefined;
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (!line || line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'event') event = value;
              else if (field === 'id' && /^\d+$/.test(value)) id = Number(value);
              else if (field === 'data') data.push(value);
            }
            if (data.length) dispatch(event, id, data.join('\n'));
          }
        }
      } catch {
        /* dropped, aborted or refused: reconnect below */
      } finally {
        clearTimeout(silence);
      }
      if (stopped) return;
      h.onStatus('reconnecting');
      // 0.3–0.5 s at first, so a drop is caught up within a second; up to 10 s while the server is away.
      const delay = Math.min(10_000, 500 * 2 ** attempt++) * (0.6 + Math.random() * 0.4);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = undefined;
    }
  };
  void run();
  return {
    close() {
      stopped = true;
      window.removeEventListener('online', online);
      ctrl?.abort();
      wake?.();
    },
    lastEventId: () => lastId,
    connects: () => connects,
  };
}
