import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCENT, renderColorIcon, renderOutlineIcon } from './icons.js';
import { APP_PACKAGE_DIR } from './paths.js';
import { crc32, decodePng, encodePng, type Rgba } from './png.js';

const committed = (name: string) => decodePng(readFileSync(join(APP_PACKAGE_DIR, name)));
const pixels = (img: Rgba) =>
  Array.from({ length: img.width * img.height }, (_, i) => Array.from(img.data.subarray(i * 4, i * 4 + 4)));

describe('color.png', () => {
  const img = committed('color.png');

  it('is a 192x192 8-bit RGBA PNG', () => {
    expect([img.width, img.height, img.bitDepth, img.colourType]).toEqual([192, 192, 8, 6]);
  });

  it('is full colour and fully opaque: the accent background with a white emblem', () => {
    const px = pixels(img);
    expect(px.every((p) => p[3] === 255)).toBe(true);
    const accent = px.filter(
      (p) => p[0] === ACCENT.rgb[0] && p[1] === ACCENT.rgb[1] && p[2] === ACCENT.rgb[2],
    ).length;
    const white = px.filter((p) => p[0] === 255 && p[1] === 255 && p[2] === 255).length;
    expect(accent / px.length).toBeGreaterThan(0.6);
    expect(white).toBeGreaterThan(500);
    expect(px[0]).toEqual([...ACCENT.rgb, 255]); // corner is background
  });

  it('is what the generator draws today (run `npm run icons -w manifest` after changing it)', () => {
    expect(Buffer.from(img.data).equals(Buffer.from(renderColorIcon().data))).toBe(true);
  });
});

describe('outline.png', () => {
  const img = committed('outline.png');

  it('is a 32x32 8-bit RGBA PNG', () => {
    expect([img.width, img.height, img.bitDepth, img.colourType]).toEqual([32, 32, 8, 6]);
  });

  it('is white on a transparent background', () => {
    const px = pixels(img);
    const visible = px.filter((p) => p[3] > 0);
    expect(visible.every((p) => p[0] === 255 && p[1] === 255 && p[2] === 255)).toBe(true);
    const transparent = px.filter((p) => p[3] === 0).length;
    expect(transparent / px.length).toBeGreaterThan(0.4); // background
    expect(px.filter((p) => p[3] === 255).length).toBeGreaterThan(100); // a solid emblem
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
    ])
      expect(px[y * 32 + x][3], `corner ${x},${y}`).toBe(0);
  });

  it('is what the generator draws today (run `npm run icons -w manifest` after changing it)', () => {
    expect(Buffer.from(img.data).equals(Buffer.from(renderOutlineIcon().data))).toBe(true);
  });
});

describe('the PNG codec', () => {
  it('round-trips RGBA pixels', () => {
    const data = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) & 0xff);
    const back = decodePng(encodePng({ width: 3, height: 2, data }));
    expect([back.width, back.height]).toEqual([3, 2]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789')).toString(16)).toBe('cbf43926');
  });

  it('rejects a corrupted file', () => {
    const file = encodePng(renderOutlineIcon());
    file[20] ^= 0xff; // inside IHDR
    expect(() => decodePng(file)).toThrow(/bad CRC/);
  });
});
