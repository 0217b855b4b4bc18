import { describe, expect, it } from 'vitest';
import { farthestSet, pathDistance, pathDistances, thinPath } from './videoPaths';

const line = (x0: number, y0: number, x1: number, y1: number, n = 20) =>
  Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? y0 + ((y1 - y0) * (i >> 1)) / (n - 1) : x0 + ((x1 - x0) * (i >> 1)) / (n - 1)));

describe('video paths', () => {
  it('a path is at distance 0 from itself, symmetric, and grows with separation', () => {
    const a = line(0, 0, 1, 0), b = line(0, 1, 1, 1), c = line(0, 5, 1, 5);
    expect(pathDistance(a, a)).toBe(0);
    expect(pathDistance(a, b)).toBeCloseTo(1, 5);
    expect(pathDistance(a, b)).toBeCloseTo(pathDistance(b, a), 9);
    expect(pathDistance(a, c)).toBeGreaterThan(pathDistance(a, b));
    // The same places walked backwards are the same region.
    expect(pathDistance(a, line(1, 0, 0, 0))).toBeCloseTo(0, 5);
  });

  it('thins long paths keeping both ends', () => {
    const p = line(0, 0, 99, 0, 100);
    const t = thinPath(p, 10);
    expect(t.length).toBe(20);
    expect([t[0], t[18]]).toEqual([0, 99]);
    expect(thinPath(p, 200)).toBe(p);
  });

  it('picks the videos farthest apart: the two ends first, then the one between', () => {
    // Five vertical paths at x = 0, 1, 5, 9, 10: the two ends first, then the one farthest from both.
    const xs = [0, 1, 5, 9, 10];
    const paths = xs.map((x) => line(x, 0, x, 1));
    const d = pathDistances(paths);
    const pick = farthestSet(d, 5, 3);
    expect(pick.slice(0, 2).sort()).toEqual([0, 4]);
    expect(pick[2]).toBe(2); // x = 5 is 5 from both ends; 1 and 9 are only 1 from one
    expect(farthestSet(d, 5, 9)).toHaveLength(5);
    expect(farthestSet(d, 1, 3)).toEqual([0]);
  });
});
