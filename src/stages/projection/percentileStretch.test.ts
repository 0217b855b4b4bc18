import { describe, expect, it } from 'vitest';
import { applyStretch, fitStretch, rotatePoints } from './percentileStretch';

function gaussianCloud(n: number, seed: number): Float32Array {
  let s = seed;
  const u = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(-2 * Math.log(u())), t = 2 * Math.PI * u();
    xy[2 * i] = 3 + 0.2 * r * Math.cos(t);
    xy[2 * i + 1] = -1 + 0.2 * r * Math.sin(t);
  }
  return xy;
}

describe('percentile stretch', () => {
  it('makes the radial quantiles of a Gaussian cloud those of a uniform disc', () => {
    const xy = gaussianCloud(20000, 7);
    const out = applyStretch(fitStretch(xy), xy);
    const r2 = Array.from({ length: out.length / 2 }, (_, i) => out[2 * i]! ** 2 + out[2 * i + 1]! ** 2).sort((a, b) => a - b);
    // uniform disc: the q-quantile of r² is q
    for (const q of [0.1, 0.25, 0.5, 0.75, 0.9]) expect(r2[Math.floor(q * r2.length)]!).toBeCloseTo(q, 1);
    expect(Math.max(...r2)).toBeLessThanOrEqual(1 + 1e-6);
    // a raw Gaussian is far from that: half the points within a quarter of the max radius²
    const raw = Array.from({ length: xy.length / 2 }, (_, i) => (xy[2 * i]! - 3) ** 2 + (xy[2 * i + 1]! + 1) ** 2).sort((a, b) => a - b);
    expect(raw[raw.length >> 1]! / raw[raw.length - 1]!).toBeLessThan(0.1);
  });

  it('keeps directions and rotates when asked', () => {
    const xy = new Float32Array([1, 0, 0, 1, -1, 0, 0, -1, 2, 0]);
    const s = fitStretch(xy, 11, Math.PI / 2);
    const out = applyStretch(s, new Float32Array([s.cx + 1, s.cy]));
    expect(out[0]).toBeCloseTo(0, 6);
    expect(out[1]).toBeGreaterThan(0);
    // rotating a stretched layout afterwards is the same as stretching with that angle
    const plain = applyStretch(fitStretch(xy, 11), xy);
    const turned = applyStretch(fitStretch(xy, 11, 0.7), xy);
    rotatePoints(plain, 0.7).forEach((v, i) => expect(v).toBeCloseTo(turned[i]!, 6));
  });

  it('places a new point nearer the centre than every training point at the centre, never at NaN', () => {
    const ring = Float32Array.from({ length: 40 }, (_, i) => (i % 2 ? Math.sin : Math.cos)(Math.floor(i / 2) * 0.3));
    const s = fitStretch(ring, 11);
    const out = applyStretch(s, new Float32Array([s.cx + 0.01, s.cy, s.cx + 5, s.cy]));
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
    expect(Math.hypot(out[0]!, out[1]!)).toBeCloseTo(0, 6);
    expect(Math.hypot(out[2]!, out[3]!)).toBeCloseTo(1, 6);
  });
});
