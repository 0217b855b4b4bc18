import { describe, expect, it } from 'vitest';
import { assignGrid, cellKey, cellsIn, keyCell } from './gridAssign';

function randomPoints(n: number, seed = 7): Float64Array {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  return Float64Array.from({ length: 2 * n }, () => rnd() * 20 - 10);
}

describe('assignGrid', () => {
  it('keys round-trip, negative cells included', () => {
    for (const [cx, cy] of [[0, 0], [-1, 5], [123456, -98765], [-3, -3]] as const) expect(keyCell(cellKey(cx, cy))).toEqual([cx, cy]);
  });

  it('chooses for every cell the point nearest its centre', () => {
    const xy = randomPoints(2000);
    const w = 1.78, h = 1;
    const level = assignGrid(xy, w, h);
    // Brute force: group points by cell, pick the nearest to the centre in cell units.
    const want = new Map<number, number>();
    const dist = (i: number, cx: number, cy: number) => ((xy[2 * i]! - (cx + 0.5) * w) / w) ** 2 + ((xy[2 * i + 1]! - (cy + 0.5) * h) / h) ** 2;
    for (let i = 0; i < 2000; i++) {
      const cx = Math.floor(xy[2 * i]! / w), cy = Math.floor(xy[2 * i + 1]! / h);
      const k = cellKey(cx, cy);
      const prev = want.get(k);
      if (prev === undefined || dist(i, cx, cy) < dist(prev, cx, cy)) want.set(k, i);
    }
    expect(level.cells).toEqual(want);
  });

  it('shows no point twice and only points inside their cell', () => {
    const xy = randomPoints(5000, 3);
    const level = assignGrid(xy, 0.5, 0.3);
    const chosen = [...level.cells.values()];
    expect(new Set(chosen).size).toBe(chosen.length);
    for (const [key, i] of level.cells) {
      const [cx, cy] = keyCell(key);
      expect(Math.floor(xy[2 * i]! / 0.5)).toBe(cx);
      expect(Math.floor(xy[2 * i + 1]! / 0.3)).toBe(cy);
    }
  });

  it('leaves empty cells empty', () => {
    // Two clusters far apart: the cells between them hold nothing.
    const xy = Float64Array.from([0.1, 0.1, 0.2, 0.15, 5.5, 5.5, 5.6, 5.4]);
    const level = assignGrid(xy, 1, 1);
    expect(level.cells.size).toBe(2);
    expect(cellsIn(level, 0, 0, 6, 6).map((c) => [c.cx, c.cy, c.index])).toEqual([[0, 0, 1], [5, 5, 2]]);
    expect(cellsIn(level, 1, 1, 5, 5)).toEqual([]);
  });

  it('takes the centre point of a crowded cell, the lower index on a tie, and skips excluded or missing points', () => {
    const xy = Float64Array.from([0.9, 0.9, 0.5, 0.5, 0.5, 0.5, 0.1, 0.2, NaN, 0.5]);
    expect(assignGrid(xy, 1, 1).cells.get(cellKey(0, 0))).toBe(1);
    expect(assignGrid(xy, 1, 1, (i) => i !== 1).cells.get(cellKey(0, 0))).toBe(2);
    expect(assignGrid(xy, 1, 1, (i) => i === 4).cells.size).toBe(0);
  });

  it('finer cells show more points, up to one cell per point', () => {
    const xy = randomPoints(3000, 11);
    const sizes = [4, 2, 1, 0.5, 0.25].map((s) => assignGrid(xy, s * 1.78, s).cells.size);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThan(sizes[i - 1]!);
    expect(assignGrid(xy, 1e-6, 1e-6).cells.size).toBe(3000);
  });

  it('cellsIn walks sparse levels by their occupied cells with the same answer', () => {
    const xy = randomPoints(50, 5);
    const level = assignGrid(xy, 0.01, 0.01); // a 2000 × 2000-cell box holds 50 cells
    const all = cellsIn(level, -10, -10, 10, 10);
    expect(all.length).toBe(50);
    const part = cellsIn(level, -1, -2, 3, 4);
    expect(part).toEqual(all.filter((c) => c.cx >= -100 && c.cx < 300 && c.cy >= -200 && c.cy < 400));
  });
});
