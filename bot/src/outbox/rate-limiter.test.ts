import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter, TEAMS_PER_CONVERSATION } from './rate-limiter.js';

/** Records `n` events for `key` at start, start + step, ... and returns the last time used. */
function fill(l: SlidingWindowLimiter, key: string, n: number, start: number, step: number) {
  for (let i = 0; i < n; i++) {
    expect(l.delay(key, start + i * step)).toBe(0);
    l.record(key, start + i * step);
  }
  return start + (n - 1) * step;
}

describe('SlidingWindowLimiter with Teams per-conversation limits', () => {
  it('7 per 1 s: the 8th waits until the 1st is exactly 1 s old', () => {
    const l = new SlidingWindowLimiter();
    fill(l, 'c', 7, 0, 0);
    expect(l.delay('c', 0)).toBe(1000);
    expect(l.delay('c', 999)).toBe(1);
    expect(l.delay('c', 1000)).toBe(0);
  });

  it('8 per 2 s: a 9th within 2 s waits even though the 1 s window has room', () => {
    const l = new SlidingWindowLimiter();
    fill(l, 'c', 7, 0, 0);
    l.record('c', 1000);
    expect(l.delay('c', 1000)).toBe(1000);
    expect(l.delay('c', 1999)).toBe(1);
    expect(l.delay('c', 2000)).toBe(0);
  });

  it('60 per 30 s: steady 4/s (allowed by the short windows) stops at 60 until 30 s pass', () => {
    const l = new SlidingWindowLimiter();
    const last = fill(l, 'c', 60, 0, 250);
    expect(last).toBe(14_750);
    expect(l.delay('c', 15_000)).toBe(15_000);
    expect(l.delay('c', 29_999)).toBe(1);
    expect(l.delay('c', 30_000)).toBe(0);
  });

  it('1,800 per hour: steady 2/s (allowed by the other windows) stops at 1,800 until the hour passes', () => {
    const l = new SlidingWindowLimiter();
    const last = fill(l, 'c', 1800, 0, 500);
    expect(last).toBe(899_500);
    expect(l.delay('c', 900_000)).toBe(2_700_000);
    expect(l.delay('c', 3_599_999)).toBe(1);
    expect(l.delay('c', 3_600_000)).toBe(0);
  });

  it('keeps conversations independent', () => {
    const l = new SlidingWindowLimiter();
    fill(l, 'a', 7, 0, 0);
    expect(l.delay('a', 10)).toBe(990);
    expect(l.delay('b', 10)).toBe(0);
  });

  it('tryAcquire records only when allowed', () => {
    const l = new SlidingWindowLimiter([{ ms: 100, max: 2 }]);
    expect(l.tryAcquire('c', 0)).toBe(0);
    expect(l.tryAcquire('c', 50)).toBe(0);
    expect(l.tryAcquire('c', 60)).toBe(40);
    expect(l.count('c', 60)).toBe(2);
    expect(l.tryAcquire('c', 100)).toBe(0);
  });

  it('forgets history older than the longest window', () => {
    const l = new SlidingWindowLimiter();
    fill(l, 'c', 5, 0, 1);
    expect(l.count('c', 3_599_999)).toBe(5);
    expect(l.count('c', 3_600_004)).toBe(0);
  });

  it('keeps order when events are recorded out of order', () => {
    const l = new SlidingWindowLimiter([{ ms: 1000, max: 2 }]);
    l.record('c', 500);
    l.record('c', 100);
    expect(l.delay('c', 600)).toBe(500);
  });

  it('uses the documented values', () => {
    expect(TEAMS_PER_CONVERSATION.map((w) => [w.ms / 1000, w.max])).toEqual([
      [1, 7],
      [2, 8],
      [30, 60],
      [3600, 1800],
    ]);
  });
});
