import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from './support/build-client.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

/** GET with a given Accept-Encoding, body as sent on the wire (node's http does not decode). */
const get = (url: string, acceptEncoding?: string) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(
        url,
        { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    },
  );

/** The scripts the page loads before anything else: its module script and modulepreloads. */
const initialScripts = (html: string) =>
  [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);

describe('the tab client is served pre-compressed', () => {
  let server: TabServer;
  let clientDir: string;
  let html: string;
  beforeAll(async () => {
    clientDir = await buildClient();
    server = await startTabServer({ clientDir });
    html = await readFile(join(clientDir, 'index.html'), 'utf8');
  }, 180_000);
  afterAll(async () => server?.close());

  it('sends brotli to a browser that accepts it, with immutable caching of the hashed file', async () => {
    const [main] = initialScripts(html);
    const raw = await readFile(join(clientDir, main));
    const r = await get(`${server.url}${main}`, 'gzip, deflate, br, zstd');
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(raw.length / 3);
    expect(brotliDecompressSync(r.body).equals(raw)).toBe(true);
  });

  it('sends gzip to a client without brotli, and the plain file to one that accepts neither', async () => {
    const [main] = initialScripts(html);
    const raw = await readFile(join(clientDir, main));
    const gz = await get(`${server.url}${main}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(raw)).toBe(true);
    const plain = await get(`${server.url}${main}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(raw)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the page itself compressed but never cached, so a new build is picked up', async () => {
    const r = await get(`${server.url}/meetings`, 'br');
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(r.body).toString()).toBe(html);
  });

  it('keeps the JavaScript loaded up front within 150 KB on the wire', async () => {
    const scripts = initialScripts(html);
    expect(scripts.length).toBeGreaterThan(0);
    let wire = 0;
    for (const s of scripts) wire += (await get(`${server.url}${s}`, 'gzip, deflate, br')).body.length;
    console.log(
      `initial JavaScript on the wire (brotli): ${(wire / 1024).toFixed(1)} KiB in ${scripts.length} files`,
    );
    expect(wire).toBeLessThanOrEqual(150 * 1024);
  });
});
