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

  it('samples queries for big data', () => {
    const u = rng(9);
    const xy = new Float32Array(2 * 2000).map(() => u());
    expect(layoutQuality(xy, 2, xy, 10, null, 50).queries).toBe(50);
  });
});
