import type { Request, Response } from 'express';
import type { Server } from 'node:http';
import type { Store, StoredEvent } from '@marac/core';
import type { Log } from './deps.js';

/**
 * Server-Sent Events for the live view, one stream per viewer and meeting.
 *
 * Every message that reports a change carries the event's global `seq` as its SSE `id`, so a
 * client that reconnects with `Last-Event-ID: <seq>` is first sent every event of that meeting
 * it missed (read back from the event log), then a fresh snapshot, then live changes: nothing is
 * lost and nothing is sent twice. Events arrive through `store.onEvent`, which also delivers
 * other instances' commits (PostgreSQL LISTEN/NOTIFY, SQLite polling), so every instance's
 * viewers see every change. The snapshot of a meeting is built once per burst of its events
 * and shared by all its viewers.
 *
 * Messages:
 * - `snapshot` (id = the seq the snapshot reflects at least): `{ snapshot }`
 * - `change` (id = the event's seq): `{ event, snapshot? }`; the last of a burst carries the snapshot
 * - `ping` (no id): `{ serverNow }`, every `heartbeatMs`, so the client can keep its clock offset
 *   and notice a dead connection.
 */
export interface HubOptions<S> {
  store: Store;
  log: Log;
  snapshot: (meetingId: string) => Promise<S>;
  serverNow: () => number;
  /** Ping interval. Default 15 s. */
  heartbeatMs?: number;
  /**
   * A stream ends after this long and the client reconnects (resuming from its last id): the
   * sign-in and the meeting's visibility are checked again. Default 10 minutes.
   */
  maxStreamMs?: number;
}

interface Client {
  res: Response;
  server?: Server;
  lastSent: number;
  openedAt: number;
  closed: boolean;
}

interface Channel {
  clients: Set<Client>;
  queue: StoredEvent[];
  /** Everything for one meeting (replays, snapshots, fan-out) runs in order on this chain. */
  chain: Promise<void>;
  attaching: number;
}

const PAGE = 500;
/** A viewer this far behind is cut off; it reconnects and resumes from its last id. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Bounds on one replay (a meeting has a few hundred events): past them the snapshot still brings the viewer up to date. */
const MAX_REPLAY = 5000;
const MAX_REPLAY_PAGES = 200;

const frame = (name: string, data: string, id?: number) =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${data}\n\n`;

export class EventStreamHub<S> {
  private readonly channels = new Map<string, Channel>();
  private readonly off: () => void;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastPing = 0;
  private readonly heartbeatMs: number;
  private readonly maxStreamMs: number;

  constructor(private readonly opts: HubOptions<S>) {
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.maxStreamMs = opts.maxStreamMs ?? 10 * 60_000;
    this.off = opts.store.onEvent((e) => this.onEvent(e));
  }

  /** Viewers connected now, for tests and the bench. */
  get viewers(): number {
    let n = 0;
    for (const ch of this.channels.values()) n += ch.clients.size;
    return n;
  }

  /** Opens the stream on `res` and keeps it open; resumes after `lastEventId` when given. */
  attach(meetingId: string, req: Request, res: Response, lastEventId?: number) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    req.socket.setNoDelay(true);
    const client: Client = {
      res,
      server: (req.socket as unknown as { server?: Server }).server,
      lastSent: 0,
      openedAt: Date.now(),
      closed: false,
    };
    const ch = this.channel(meetingId);
    ch.attaching++;
    const detach = () => {
      if (client.closed) return;
      client.closed = true;
      ch.clients.delete(client);
      this.release(meetingId, ch);
    };
    res.on('close', detach);
    res.on('error', detach);
    this.run(ch, async () => {
      try {
        if (client.closed) return;
        // Everything up to `head` is committed: replay what this viewer missed, then a snapshot
        // that reflects at least `head`. Later events reach the channel's queue, which runs after.
        const head = await this.opts.store.repos.events.lastSeq();
        if (lastEventId !== undefined && lastEventId < head)
          await this.replay(client, meetingId, lastEventId, head);
        const snapshot = JSON.stringify(await this.opts.snapshot(meetingId));
        client.lastSent = Math.max(client.lastSent, head);
        this.write(client, frame('snapshot', `{"snapshot":${snapshot}}`, client.lastSent));
        if (!client.closed) ch.clients.add(client);
        this.startTimer();
      } finally {
        ch.attaching--;
        this.release(meetingId, ch);
      }
    });
  }

  close() {
    this.off();
    for (const ch of this.channels.values()) for (const c of ch.clients) c.res.end();
    this.channels.clear();
    this.stopTimer();
  }

  private async replay(client: Client, meetingId: string, after: number, head: number) {
    let cursor = after;
    let sent = 0;
    for (
      let pages = 0;
      cursor < head && !client.closed && sent < MAX_REPLAY && pages < MAX_REPLAY_PAGES;
      pages++
    ) {
      const page = await this.opts.store.repos.events.since(cursor, PAGE);
      if (!page.length) break;
      for (const e of page) {
        if (e.seq > head) return;
        cursor = e.seq;
        if (!('meetingId' in e) || e.meetingId !== meetingId) continue;
        this.write(client, frame('change', `{"event":${JSON.stringify(e)}}`, e.seq));
        client.lastSent = e.seq;
        sent++;
      }
      if (page.length < PAGE) break;
    }
  }

  private onEvent(e: StoredEvent) {
    if (!('meetingId' in e)) return;
    const ch = this.channels.get(e.meetingId);
    if (!ch) return;
    ch.queue.push(e);
    this.run(ch, () => this.fanOut(e.meetingId, ch));
  }

  /** Sends a burst of one meeting's events to its viewers, the snapshot once with the last. */
  private async fanOut(meetingId: string, ch: Channel) {
    if (!ch.queue.length) return;
    const batch = ch.queue.splice(0);
    if (!ch.clients.size) return;
    let snapshot: string | undefined;
    try {
      snapshot = JSON.stringify(await this.opts.snapshot(meetingId));
    } catch (err) {
      this.opts.log.warn(
        { err: (err as Error)?.message, meetingId },
        'tab: live snapshot failed; events sent without it',
      );
    }
    const events = batch.map((e) => ({ seq: e.seq, json: JSON.stringify(e) }));
    for (const c of ch.clients) {
      const mine = events.filter((e) => e.seq > c.lastSent);
      if (!mine.length) continue;
      let out = '';
      mine.forEach((e, i) => {
        const withSnapshot = i === mine.length - 1 && snapshot !== undefined;
        out += frame(
          'change',
          withSnapshot ? `{"event":${e.json},"snapshot":${snapshot}}` : `{"event":${e.json}}`,
          e.seq,
        );
      });
      c.lastSent = mine[mine.length - 1].seq;
      this.write(c, out);
    }
  }

  private write(c: Client, chunk: string) {
    if (c.closed) return;
    c.res.write(chunk);
    if (c.res.writableLength > MAX_BUFFERED_BYTES) c.res.destroy();
  }

  private channel(meetingId: string): Channel {
    let ch = this.channels.get(meetingId);
    if (!ch) {
      ch = { clients: new Set(), queue: [], chain: Promise.resolve(), attaching: 0 };
      this.channels.set(meetingId, ch);
    }
    return ch;
  }

  private release(meetingId: string, ch: Channel) {
    if (ch.clients.size === 0 && ch.attaching === 0 && this.channels.get(meetingId) === ch)
      this.channels.delete(meetingId);
    if (!this.channels.size) this.stopTimer();
  }

  private run(ch: Channel, step: () => Promise<void>) {
    ch.chain = ch.chain
      .then(step)
      .catch((err) => this.opts.log.error({ err: (err as Error)?.message }, 'tab: live stream step failed'));
  }

  /** Once a second: end streams whose server is closing or that reached their age; ping. */
  private startTimer() {
    if (this.timer) return;
    this.timer = setInterval(() => this.housekeeping(), 1000);
    this.timer.unref();
  }

  private stopTimer() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private housekeeping() {
    const now = Date.now();
    const ping = now - this.lastPing >= this.heartbeatMs;
    if (ping) this.lastPing = now;
    const pingFrame = frame('ping', JSON.stringify({ serverNow: this.opts.serverNow() }));
    for (const ch of this.channels.values())
      for (const c of ch.clients) {
        // A closing server waits for open connections: close ours so it can stop.
        if (c.server && !c.server.listening) c.res.destroy();
        // An old stream ends; the client reconnects and resumes (sign-in and access checked again).
        else if (now - c.openedAt >= this.maxStreamMs) c.res.end();
        else if (ping) this.write(c, pingFrame);
      }
  }
}
