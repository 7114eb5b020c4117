import { encodePng, type Rgba } from './png.js';

/**
 * The app icons, drawn in code so they can be regenerated and checked: a round table (ring)
 * with the agencies seated around it (dots), the emblem of a multi-agency conference.
 * color.png: 192x192, white emblem on a solid purple square (purple is the colour long
 * associated with domestic-abuse awareness). outline.png: 32x32, the same emblem in white on
 * a transparent background, as Teams requires for the outline icon.
 */
export const ACCENT = { hex: '#5B2A86', rgb: [0x5b, 0x2a, 0x86] as const };

interface Emblem {
  /** Ring radius and stroke width, dot orbit and dot radius, in pixels of the target image. */
  ring: number;
  stroke: number;
  orbit: number;
  dot: number;
  seats: number;
}

const SUPERSAMPLE = 4;

/** Fraction (0..1) of pixel (x, y) covered by the emblem centred in a size x size image. */
function coverage(x: number, y: number, size: number, e: Emblem): number {
  const c = size / 2;
  let inside = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const px = x + (sx + 0.5) / SUPERSAMPLE - c;
      const py = y + (sy + 0.5) / SUPERSAMPLE - c;
      const r = Math.hypot(px, py);
      let hit = Math.abs(r - e.ring) <= e.stroke / 2;
      for (let i = 0; !hit && i < e.seats; i++) {
        // First seat at the top, the rest evenly round the table.
        const a = -Math.PI / 2 + (i * 2 * Math.PI) / e.seats;
        hit = Math.hypot(px - e.orbit * Math.cos(a), py - e.orbit * Math.sin(a)) <= e.dot;
      }
      if (hit) inside++;
    }
  }
  return inside / (SUPERSAMPLE * SUPERSAMPLE);
}

export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;

// Emblem fits the central 96x96 of the colour icon, as Teams' icon guidance suggests.
const COLOR_EMBLEM: Emblem = { ring: 22, stroke: 7, orbit: 39, dot: 8.5, seats: 6 };
const OUTLINE_EMBLEM: Emblem = { ring: 6.2, stroke: 2.4, orbit: 11.2, dot: 3.1, seats: 6 };

export function renderColorIcon(): Rgba {
  const size = COLOR_SIZE;
  const data = new Uint8Array(size * size * 4);
  const [br, bg, bb] = ACCENT.rgb;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const k = coverage(x, y, size, COLOR_EMBLEM);
      const i = (y * size + x) * 4;
      data[i] = Math.round(br + (255 - br) * k);
      data[i + 1] = Math.round(bg + (255 - bg) * k);
      data[i + 2] = Math.round(bb + (255 - bb) * k);
      data[i + 3] = 255;
    }
  }
  return { width: size, height: size, data };
}

export function renderOutlineIcon(): Rgba {
  const size = OUTLINE_SIZE;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = Math.round(255 * coverage(x, y, size, OUTLINE_EMBLEM));
      const i = (y * size + x) * 4;
      // Fully transparent pixels are 0,0,0,0; every visible pixel is pure white.
      if (a > 0) data.set([255, 255, 255, a], i);
    }
  }
  return { width: size, height: size, data };
}

export const iconFiles = (): Record<'color.png' | 'outline.png', Buffer> => ({
  'color.png': encodePng(renderColorIcon()),
  'outline.png': encodePng(renderOutlineIcon()),
});
