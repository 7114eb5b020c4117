import { request } from 'node:http';
import { demoSpeaker } from '../testing/teams-activities.js';

export const chair = demoSpeaker('p-chair', 'Chris Chair');
export const coordinator = demoSpeaker('p-coordinator', 'Cara Coordinator');

export function pct(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
export const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

export function table(title: string, rows: [string, string | number][]): string {
  const w = Math.max(...rows.map((r) => r[0].length));
  return [`== ${title}`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join('\n');
}

/** POST an activity and time the request. */
export async function timedPost(baseUrl: string, activity: unknown): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const r = await post(baseUrl, activity);
  return { status: r.status, ms: performance.now() - t0 };
}

/** POST over a fresh connection (no keep-alive: avoids idle-socket resets under long waits). */
export function post(baseUrl: string, activity: unknown): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(activity);
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/api/messages`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const withTimeout = <T>(p: Promise<T>, msLimit: number): Promise<T | 'timeout'> =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), msLimit).unref())]);

export const demoCaseIds = Array.from({ length: 8 }, (_, i) => `c-demo-${i + 1}`);
