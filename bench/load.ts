import { Agent, request } from 'node:http';

export interface LoadResult {
  wall: number;
  lat: number[];
  errors: number;
  statuses: Map<number, number>;
}

/**
 * Closed loop: `clients` keep-alive connections, each sending its next activity as soon as the
 * last one is answered, until every activity has been sent once.
 */
export async function closedLoop(
  baseUrl: string,
  activities: unknown[],
  clients: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const bodies = activities.map((a) => JSON.stringify(a));
  const lat: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const one = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        `${baseUrl}/api/messages`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const s = performance.now();
        const status = await one(body).catch(() => 0);
        lat.push(performance.now() - s);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  agent.destroy();
  const errors = [...statuses].filter(([s]) => s === 0 || s >= 400).reduce((n, [, c]) => n + c, 0);
  return { wall, lat, errors, statuses };
}
