// Dominant colours of a frame by k-means in CIE Lab (distances there roughly
// match what the eye sees), and a distance between two palettes: each colour's
// weighted distance to the nearest colour of the other palette, both ways.
// A cheap alternative to CNN features, from the references.

import { labToRgb, rgbToHex, rgbToLab } from '../../core/colourSpace';

export { rgbToLab };

export const PALETTE_SIZE = 5;
/** per colour: L, a, b, weight */
export const PALETTE_FLOATS = PALETTE_SIZE * 4;

/**
 * k-means (k = PALETTE_SIZE, deterministic farthest-point seeding, 8 rounds) over
 * Lab points with weights; returns PALETTE_FLOATS values, heaviest colour first
 * (unused slots have weight 0).
 */
export function kmeansPalette(lab: Float32Array, weights: Float32Array | null = null): Float32Array {
  const n = lab.length / 3;
  const w = (i: number) => (weights ? weights[i]! : 1);
  const k = Math.min(PALETTE_SIZE, n);
  const centres = new Float32Array(k * 3);
  const d2 = (i: number, c: number) => (lab[3 * i]! - centres[3 * c]!) ** 2 + (lab[3 * i + 1]! - centres[3 * c + 1]!) ** 2 + (lab[3 * i + 2]! - centres[3 * c + 2]!) ** 2;
  // Seeds: the heaviest-weighted point's neighbourhood first, then each time the point farthest from all seeds.
  let first = 0;
  for (let i = 1; i < n; i++) if (w(i) > w(first)) first = i;
  centres.set(lab.subarray(3 * first, 3 * first + 3), 0);
  const near = new Float32Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let far = 0;
    for (let i = 0; i < n; i++) {
      near[i] = Math.min(near[i]!, d2(i, c - 1));
      if (near[i]! * w(i) > near[far]! * w(far)) far = i;
    }
    centres.set(lab.subarray(3 * far, 3 * far + 3), 3 * c);
  }
  const label = new Uint8Array(n);
  const mass = new Float64Array(k);
  for (let round = 0; round < 8; round++) {
    const acc = new Float64Array(k * 3);
    mass.fill(0);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (d2(i, c) < d2(i, best)) best = c;
      label[i] = best;
      mass[best] = mass[best]! + w(i);
      for (let j = 0; j < 3; j++) acc[3 * best + j] = acc[3 * best + j]! + w(i) * lab[3 * i + j]!;
    }
    for (let c = 0; c < k; c++) if (mass[c]! > 0) for (let j = 0; j < 3; j++) centres[3 * c + j] = acc[3 * c + j]! / mass[c]!;
  }
  const total = mass.reduce((a, b) => a + b, 0) || 1;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => mass[b]! - mass[a]!);
  const out = new Float32Array(PALETTE_FLOATS);
  order.forEach((c, slot) => {
    out.set(centres.subarray(3 * c, 3 * c + 3), 4 * slot);
    out[4 * slot + 3] = mass[c]! / total;
  });
  return out;
}

/** The palette of RGBA pixels (e.g. a frame drawn at 48 × 27). */
export function imagePalette(rgba: Uint8ClampedArray | Uint8Array): Float32Array {
  const n = rgba.length / 4;
  const lab = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) lab.set(rgbToLab(rgba[4 * i]!, rgba[4 * i + 1]!, rgba[4 * i + 2]!), 3 * i);
  return kmeansPalette(lab);
}

/** One palette for many (a video's frames): k-means over all their colours, weighted. */
export function mergePalettes(palettes: Float32Array): Float32Array {
  const n = palettes.length / 4;
  const lab = new Float32Array(n * 3);
  const weights = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    lab.set(palettes.subarray(4 * i, 4 * i + 3), 3 * i);
    weights[i] = palettes[4 * i + 3]!;
  }
  return kmeansPalette(lab, weights);
}

function oneWay(a: Float32Array, ao: number, b: Float32Array, bo: number): number {
  let sum = 0;
  for (let i = 0; i < PALETTE_SIZE; i++) {
    const wa = a[ao + 4 * i + 3]!;
    if (wa === 0) continue;
    let best = Infinity;
    for (let j = 0; j < PALETTE_SIZE; j++) {
      if (b[bo + 4 * j + 3] === 0) continue;
      const d = Math.hypot(a[ao + 4 * i]! - b[bo + 4 * j]!, a[ao + 4 * i + 1]! - b[bo + 4 * j + 1]!, a[ao + 4 * i + 2]! - b[bo + 4 * j + 2]!);
      best = Math.min(best, d);
    }
    sum += wa * best;
  }
  return sum;
}

/** Distance between palettes stored at offsets `ao` of `a` and `bo` of `b` (ΔE units; 0 = same colours). */
export function paletteDistance(a: Float32Array, b: Float32Array, ao = 0, bo = 0): number {
  return (oneWay(a, ao, b, bo) + oneWay(b, bo, a, ao)) / 2;
}

/**
 * CSS colour of a palette slot (for swatches), as sRGB hex. Not CSS `lab()`: the
 * palette is Lab relative to D65, CSS `lab()` is relative to D50 and would show
 * the colour shifted (#0080ff as about #557cff).
 */
export function labToCss(l: number, a: number, b: number): string {
  return rgbToHex(...labToRgb(l, a, b));
}
