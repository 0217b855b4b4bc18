import { describe, expect, it } from 'vitest';
import { layoutQuality } from './layoutQuality';

function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

describe('layout quality', () => {
  it('is perfect for a layout that is the data itself', () => {
    const u = rng(3);
    const xy = new Float32Array(400).map(() => u());
    const q = layoutQuality(xy, 2, xy, 10, null);
    expect(q).toMatchObject({ trustworthiness: 1, continuity: 1, recall: 1, labelAccuracy: null });
  });

  it('is near chance for a random layout, and counts label accuracy', () => {
    const u = rng(5);
    const n = 300;
    const high = new Float32Array(n * 8).map(() => u());
    const rand = new Float32Array(n * 2).map(() => u());
    const q = layoutQuality(high, 8, rand, 10, null);
    expect(q.recall).toBeLessThan(0.15); // chance: 10 / 299
    expect(q.trustworthiness).toBeLessThan(0.6);
    // two well separated clusters laid out separately: every neighbour shares the label
    const labels = Array.from({ length: n }, (_, i) => (i < n / 2 ? 'a' : 'b'));
    const low = new Float32Array(n * 2).map((_, i) => u() + (Math.floor(i / 2) < n / 2 ? 0 : 10));
    expect(layoutQuality(high, 8, low, 10, labels).labelAccuracy).toBe(1);
  });

  it('gives exactly what ranking every point by a full sort gives, ties included', () => {
    const u = rng(21);
    const n = 250;
    // coarse values make many equal distances, so the tie order matters
    const high = new Float32Array(n * 6).map(() => Math.round(u() * 4));
    const low = new Float32Array(n * 2).map(() => Math.round(u() * 6));
    const labels = Array.from({ length: n }, (_, i) => String(i % 3));
    const ranks = (data: Float32Array, dim: number, q: number) => {
      const dist = Array.from({ length: n }, (_, j) => data.subarray(j * dim, (j + 1) * dim).reduce((s, v, d) => s + (v - data[q * dim + d]!) ** 2, 0));
      const order = Array.from({ length: n }, (_, i) => i).filter((i) => i !== q).sort((a, b) => dist[a]! - dist[b]! || a - b);
      const r = new Int32Array(n);
      order.forEach((j, i) => (r[j] = i + 1));
      return r;
    };
    const k = 7;
    let t = 0, c = 0, hits = 0;
    for (let q = 0; q < n; q++) {
      const rh = ranks(high, 6, q), rl = ranks(low, 2, q);
      for (let j = 0; j < n; j++) {
        if (j === q) continue;
        if (rl[j]! <= k && rh[j]! > k) t += rh[j]! - k;
        if (rh[j]! <= k && rl[j]! > k) c += rl[j]! - k;
        if (rl[j]! <= k && rh[j]! <= k) hits++;
      }
    }
    const norm = 2 / (n * k * (2 * n - 3 * k - 1));
    const q = layoutQuality(high, 6, low, k, labels, n);
    expect(q.trustworthiness).toBeCloseTo(1 - norm * t, 12);
    expect(q.continuity).toBeCloseTo(1 - norm * c, 12);
    expect(q.recall).toBeCloseTo(hits / (n * k), 12);
    expect(q.trustworthiness).toBeLessThan(0.9); // a random layout: the penalties are really counted
  });

  it('samples queries for big data', () => {
    const u = rng(9);
    const xy = new Float32Array(2 * 2000).map(() => u());
    expect(layoutQuality(xy, 2, xy, 10, null, 50).queries).toBe(50);
  });
});
