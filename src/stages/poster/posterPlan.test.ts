import { describe, expect, it } from 'vitest';
import { defaultRows, planPoster, validatePoster, type PosterParams } from './posterPlan';
import { rasterFairyAssign } from './rasterFairy';

function cloud(n: number, seed = 5): Float64Array {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return Float64Array.from({ length: 2 * n }, rnd);
}

const base: PosterParams = { centerX: 0, centerY: 0, window: 2, columns: 11, rows: 18, tileWidth: 534, tileHeight: 300, gapless: false };

describe('planPoster', () => {
  it("sizes the reference's poster: 11 × 18 tiles of 534 × 300 = 5874 × 5400", () => {
    const p = planPoster(cloud(3000), base);
    expect([p.columns, p.rows, p.width, p.height, p.cells.length]).toEqual([11, 18, 5874, 5400, 198]);
    expect(defaultRows(base)).toBe(20); // a square window holds 11 × 534 / 300 ≈ 20 rows
    expect(planPoster(cloud(10), { ...base, rows: null }).rows).toBe(20);
  });

  it('puts in each cell the frame nearest its centre, top row at the top, and no frame twice', () => {
    const xy = cloud(4000);
    const p = planPoster(xy, base);
    const [left, , , top] = p.bounds;
    const cw = 2 / 11, ch = (cw * 300) / 534;
    const used = [...p.cells].filter((i) => i >= 0);
    expect(new Set(used).size).toBe(used.length);
    for (let r = 0; r < p.rows; r++)
      for (let c = 0; c < p.columns; c++) {
        const i = p.cells[r * p.columns + c]!;
        if (i < 0) continue;
        const u = (xy[2 * i]! - left) / cw, v = (top - xy[2 * i + 1]!) / ch;
        expect([Math.floor(u), Math.floor(v)]).toEqual([c, r]);
        // brute force: nobody in this cell is nearer the centre
        for (let j = 0; j < 4000; j++) {
          const uj = (xy[2 * j]! - left) / cw, vj = (top - xy[2 * j + 1]!) / ch;
          if (Math.floor(uj) === c && Math.floor(vj) === r) expect((uj - c - 0.5) ** 2 + (vj - r - 0.5) ** 2).toBeGreaterThanOrEqual((u - c - 0.5) ** 2 + (v - r - 0.5) ** 2);
        }
      }
  });

  it('leaves cells without frames empty and frames outside the window out', () => {
    const xy = Float64Array.from([0.01, 0.01, 50, 50]); // one inside, one far away
    const p = planPoster(xy, { ...base, rows: 4, columns: 4 });
    expect([...p.cells].filter((i) => i >= 0)).toEqual([0]);
  });

  it('gapless gives every frame in the window its own cell, keeping neighbours close', () => {
    const xy = cloud(500, 9);
    const p = planPoster(xy, { ...base, window: 1, columns: 10, rows: null, gapless: true });
    const [l, b, r, t] = p.bounds;
    const inside = Array.from({ length: 500 }, (_, i) => i).filter((i) => xy[2 * i]! >= l && xy[2 * i]! < r && xy[2 * i + 1]! > b && xy[2 * i + 1]! <= t);
    const used = [...p.cells].filter((i) => i >= 0);
    expect(new Set(used).size).toBe(used.length);
    expect(used.length).toBe(Math.min(inside.length, p.cells.length));
    expect(p.cells.length - used.length).toBeLessThan(p.columns); // only the last row's remainder is empty
  });

  it('rejects parameters that make no poster', () => {
    expect(validatePoster({ ...base, columns: 0 })).toMatch(/columns/);
    expect(validatePoster({ ...base, window: -1 })).toMatch(/window/);
    expect(validatePoster({ ...base, tileWidth: 1.5 })).toMatch(/tile width/);
    expect(() => planPoster(cloud(3), { ...base, rows: 0 })).toThrow(RangeError);
  });
});

describe('rasterFairyAssign', () => {
  it('fills a grid exactly when points equal cells, one point a cell', () => {
    const pts = Array.from({ length: 48 }, (_, i) => [Math.sin(i) * 3 + 4, Math.cos(i * 1.7) * 2 + 3] as [number, number]);
    const cells = rasterFairyAssign(pts, 8, 6);
    expect(new Set(cells).size).toBe(48);
    expect(Math.min(...cells)).toBe(0);
    expect(Math.max(...cells)).toBe(47);
  });

  it('keeps order: points sorted left to right land in columns left to right', () => {
    const pts = Array.from({ length: 12 }, (_, i) => [i + 0.5, 0.5] as [number, number]);
    expect(rasterFairyAssign(pts, 12, 1)).toEqual(pts.map((_, i) => i));
    const grid = Array.from({ length: 16 }, (_, i) => [(i % 4) + 0.5, Math.floor(i / 4) + 0.5] as [number, number]);
    expect(rasterFairyAssign(grid, 4, 4)).toEqual(grid.map((_, i) => i)); // already on the grid: stays put
  });

  it('with more points than cells, leaves out the farthest from the centre', () => {
    const pts: [number, number][] = [[0.5, 0.5], [1.5, 0.5], [9, 9]];
    expect(rasterFairyAssign(pts, 2, 1)).toEqual([0, 1, -1]);
  });
});

describe('formatLimit', async () => {
  const { formatLimit } = await import('./posterPlan');
  it('lets PNG go to 32,000 px, WebP to 16,383 px a side, JPEG to 64 megapixels', () => {
    expect(formatLimit('png', 20000, 20000)).toBeNull();
    expect(formatLimit('png', 40000, 100)).toMatch(/32,000/);
    expect(formatLimit('webp', 16384, 100)).toMatch(/WebP/);
    expect(formatLimit('jpeg', 5874, 5400)).toBeNull();
    expect(formatLimit('jpeg', 10000, 10000)).toMatch(/64 megapixels/);
  });
});
