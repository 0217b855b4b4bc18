import { describe, expect, it } from 'vitest';
import { assignGrid, cellKey, cellOfPoint, cellsIn, keyCell, pointAt } from './gridAssign';

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

describe('assignGrid with spill', () => {
  it('puts points that lost their cell into empty neighbours, nearest first, each point once', () => {
    // Three points in cell (0, 0): the centre one keeps it; the one near the right edge takes (1, 0); the third,
    // near the bottom-left corner, takes (0, -1)... whichever empty neighbour is nearest to it.
    const xy = Float64Array.from([0.5, 0.5, 0.95, 0.5, 0.1, 0.05, -2.5, -2.5, 2.5, 2.5]); // the last two widen the box
    const level = assignGrid(xy, 1, 1, undefined, true);
    expect(level.cells.get(cellKey(0, 0))).toBe(0);
    expect(level.cells.get(cellKey(1, 0))).toBe(1);
    expect(level.moved.get(1)).toBe(cellKey(1, 0));
    const k2 = level.moved.get(2)!;
    expect(level.cells.get(k2)).toBe(2);
    const [cx, cy] = keyCell(k2);
    const d2 = (0.1 - (cx + 0.5)) ** 2 + (0.05 - (cy + 0.5)) ** 2;
    expect(d2).toBeCloseTo(Math.min((0.1 + 0.5) ** 2 + (0.05 - 0.5) ** 2, (0.1 - 0.5) ** 2 + (0.05 + 0.5) ** 2, (0.1 + 0.5) ** 2 + (0.05 + 0.5) ** 2));
    expect(level.moved.has(0)).toBe(false);
    // Looked up from either side: the point under a position, and the cell a point is drawn in.
    expect(pointAt(level, 0.7, 0.2)).toBe(0);
    expect(pointAt(level, 1.3, 0.9)).toBe(1);
    expect(pointAt(level, 7.5, 7.5)).toBeUndefined();
    expect(cellOfPoint(level, 0, 0.5, 0.5)).toEqual([0, 0]);
    expect(cellOfPoint(level, 1, 0.95, 0.5)).toEqual([1, 0]);
    expect(cellOfPoint(level, 2, 0.1, 0.05)).toEqual(keyCell(k2));
  });

  it('never moves a point into an occupied cell, and shows no point twice', () => {
    const xy = randomPoints(3000, 5);
    const plain = assignGrid(xy, 0.8, 0.45);
    const level = assignGrid(xy, 0.8, 0.45, undefined, true);
    for (const [key, i] of plain.cells) expect(level.cells.get(key)).toBe(i); // own cells keep their points
    expect(level.cells.size).toBeGreaterThan(plain.cells.size);
    const chosen = [...level.cells.values()];
    expect(new Set(chosen).size).toBe(chosen.length);
    for (const [i, key] of level.moved) {
      const [cx, cy] = keyCell(key);
      expect(Math.abs(cx - Math.floor(xy[2 * i]! / 0.8))).toBeLessThanOrEqual(4);
      expect(Math.abs(cy - Math.floor(xy[2 * i + 1]! / 0.45))).toBeLessThanOrEqual(4);
      expect(plain.cells.has(key)).toBe(false);
    }
    expect(level.moved.size).toBe(level.cells.size - plain.cells.size);
  });

  it('spreads frames piled on one spot over the cells around it, the nearest rings first', () => {
    const xy = new Float64Array(2 * 42).fill(0.5); // a still video: 40 frames at one place, in a library spanning ±6
    xy.set([-6, -6, 6, 6], 80);
    const level = assignGrid(xy, 1, 1, undefined, true);
    expect(level.cells.size).toBe(42);
    const ring = (k: number) => Math.max(...keyCell(k).map(Math.abs));
    const rings = [...level.cells.entries()].filter(([, i]) => i < 40).map(([k]) => ring(k));
    expect(rings.filter((r) => r <= 1)).toHaveLength(9); // the first ring is full before the others take any
    expect(Math.max(...rings)).toBeLessThanOrEqual(4);
  });

  it('reaches only the neighbours when many points lost their cell', () => {
    const xy = randomPoints(200_000, 9);
    const level = assignGrid(xy, 2, 2, undefined, true); // 100 cells for 200,000 points
    for (const [i, key] of level.moved) {
      const [cx, cy] = keyCell(key);
      expect(Math.abs(cx - Math.floor(xy[2 * i]! / 2))).toBeLessThanOrEqual(1);
      expect(Math.abs(cy - Math.floor(xy[2 * i + 1]! / 2))).toBeLessThanOrEqual(1);
    }
  });

  it('takes no cell outside the box of the points\' own cells', () => {
    const xy = new Float64Array(2 * 30).fill(0.5); // 30 frames on one spot, alone: one cell, nowhere to go
    expect(assignGrid(xy, 1, 1, undefined, true).cells.size).toBe(1);
    xy.set([2.5, 0.5], 0); // a second column of cells: 2 × 1... and (1, 0) between them
    expect([...assignGrid(xy, 1, 1, undefined, true).cells.keys()].map((k) => keyCell(k)).sort()).toEqual([[0, 0], [1, 0], [2, 0]]);
  });

  it('skips excluded points', () => {
    const xy = Float64Array.from([0.5, 0.5, 0.6, 0.5]);
    expect(assignGrid(xy, 1, 1, (i) => i === 0, true).cells.size).toBe(1);
  });
});
