/**
 * Test fixtures for the outbox against the connector stand-in: a throw-away SQLite store, a
 * ManualClock whose sleeps move time instead of waiting, and a log that keeps what was written.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newDataKey, PersonalDataCipher, type Store } from '@marac/core';
import { openStore } from '@marac/core/store';
import type { ConversationTarget } from '../bot/src/outbox/chat-sender.js';
import type { OutboxLog } from '../bot/src/outbox/outbox-worker.js';

export interface TempDb {
  path: string;
  open(): Promise<Store>;
  /** Closes every store opened here and deletes the folder. */
  dispose(): Promise<void>;
}

/**
 * The store commits with synchronous=FULL, so on a real disk every outbox step waits on fsync;
 * these tests are about delivery logic, so a RAM-backed folder keeps them fast when there is one.
 */
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

export function tempDb(): TempDb {
  const dir = mkdtempSync(join(scratch, 'marac-outbox-'));
  const key = newDataKey();
  const opened: Store[] = [];
  const path = join(dir, 'marac.db');
  return {
    path,
    async open() {
      const store = await openStore({ sqlitePath: path, cipher: new PersonalDataCipher(key) });
      opened.push(store);
      return store;
    },
    async dispose() {
      for (const s of opened) await s.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock at a fixed instant, and a sleep that advances it (then yields, so I/O can run). */
export function virtualTime(start = Date.parse('2025-03-03T09:00:00Z')) {
  const clock = new ManualClock(start);
  const sleep = async (ms: number) => {
    clock.advance(ms);
    await new Promise((r) => setImmediate(r));
  };
  return { clock, sleep };
}

export const targetFor = (serviceUrl: string, conversationId: string): ConversationTarget => ({
  conversationId,
  serviceUrl,
  reference: { conversation: { id: conversationId }, serviceUrl },
});

export function captureLog(): OutboxLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    warn: (f, m) => void lines.push(`WARN ${m} ${JSON.stringify(f)}`),
    error: (f, m) => void lines.push(`ERROR ${m} ${JSON.stringify(f)}`),
  };
}
