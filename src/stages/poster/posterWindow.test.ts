import { describe, expect, it } from 'vitest';
import { planPoster, type PosterParams } from './posterPlan';
import { fitWindow, framesExtent, MIN_WINDOW, posterWarning, windowFill } from './posterWindow';

const base: PosterParams = { centerX: 0, centerY: 0, window: 2, columns: 11, rows: null, tileWidth: 534, tileHeight: 300, gapless: false };

/** n points spread evenly over [x0, x1] × [y0, y1] (a jittered lattice). */
function box(n: number, [x0, x1]: [number, number], [y0, y1]: [number, number]): Float64Array {
  const side = Math.ceil(Math.sqrt(n));
  return Float64Array.from({ length: 2 * n }, (_, k) => {
    const i = k >> 1;
    const t = k % 2 === 0 ? ((i % side) + 0.5) / side : (Math.floor(i / side) + 0.5) / side;
    return k % 2 === 0 ? x0 + t * (x1 - x0) : y0 + t * (y1 - y0);
  });
}

describe('framesExtent', () => {
  it('gives per-axis percentile bounds, so a few far strays do not count', () => {
    const xy = Float64Array.from([...box(1000, [0.2, 0.6], [-0.5, -0.1]), 40, 40, -30, 25]);
    const e = framesExtent(xy)!;
    expect(e.left).toBeGreaterThan(0.2);
    expect(e.left).toBeLessThan(0.22);
    expect(e.right).toBeLessThan(0.6);
    expect(e.right).toBeGreaterThan(0.58);
    expect(e.bottom).toBeGreaterThan(-0.5);
    expect(e.top).toBeLessThan(-0.1);
    // the 0–100 % bounds do include them
    const all = framesExtent(xy, undefined, [0, 1])!;
    expect([all.left, all.right, all.top]).toEqual([-30, 40, 40]);
    expect(all.bottom).toBeCloseTo(-0.5 + 0.4 / 64, 9);
  });

  it('interpolates between frames and counts only included, finite ones', () => {
    const xy = Float64Array.from([0, 0, 1, 10, 2, 20, 100, 100, NaN, 5]);
    expect(framesExtent(xy, (i) => i !== 3, [0.25, 0.75])).toEqual({ left: 0.5, right: 1.5, bottom: 5, top: 15 });
    expect(framesExtent(xy, () => false)).toBeNull();
    expect(framesExtent(new Float64Array(0))).toBeNull();
  });
});

describe('fitWindow', () => {
  it('centres a square poster on the frames with half a cell to spare', () => {
    // wide extent: the width decides
    const w = fitWindow({ left: -0.5, right: 0.5, bottom: 0.1, top: 0.3 }, { columns: 10, rows: 10, tileWidth: 100, tileHeight: 100 });
    expect(w).toEqual({ centerX: 0, centerY: 0.2, window: 1.1 });
    // tall extent: the height decides
    const t = fitWindow({ left: 0, right: 0.2, bottom: -1, top: 1 }, { columns: 10, rows: 10, tileWidth: 100, tileHeight: 100 });
    expect(t).toEqual({ centerX: 0.1, centerY: 0, window: 2.2 });
  });

  it('follows the window aspect: set rows, or the square window of the default rows', () => {
    const e = { left: -1, right: 1, bottom: -0.25, top: 0.25 };
    // 4 columns × 1 row of square tiles: a window 4× as wide as high holds 2 × 0.5 exactly
    expect(fitWindow(e, { columns: 4, rows: 1, tileWidth: 10, tileHeight: 10 }).window).toBe(2.5);
    // 1 column × 4 rows: the height 0.5 needs a window 4× taller than wide, i.e. only 0.125 wide, but the width needs 2
    expect(fitWindow(e, { columns: 1, rows: 4, tileWidth: 10, tileHeight: 10 }).window).toBe(4);
    // default rows: the square window's 20 rows of 534 × 300 are a little taller than its 11 columns are wide
    expect(fitWindow({ left: 0, right: 0.1, bottom: 0, top: 1 }, { columns: 11, rows: null, tileWidth: 534, tileHeight: 300 }).window).toBeCloseTo(((11 * 534) / (20 * 300)) * (12 / 11), 3);
  });

  it('puts every frame of the extent on the poster', () => {
    const xy = box(2000, [0.3, 0.9], [0.4, 0.8]);
    const e = framesExtent(xy, undefined, [0, 1])!;
    const p = { ...base, ...fitWindow(e, base) };
    const plan = planPoster(xy, p);
    expect(plan.inWindow).toBe(2000);
    expect(windowFill(plan).filled).toBeGreaterThan(0);
  });

  it('gives a usable window for one frame, or frames all at one point', () => {
    const w = fitWindow(framesExtent([0.3, -0.2, 0.3, -0.2])!, base);
    expect(w).toEqual({ centerX: 0.3, centerY: -0.2, window: MIN_WINDOW });
    const plan = planPoster([0.3, -0.2, 0.3, -0.2], { ...base, ...w });
    expect([plan.inWindow, windowFill(plan).filled]).toEqual([2, 1]);
  });
});

describe('windowFill and posterWarning', () => {
  it('counts frames in the window, filled cells and their share', () => {
    expect(windowFill({ cells: Int32Array.from([3, -1, -1, 7]), inWindow: 5 })).toEqual({ frames: 5, filled: 2, cells: 4, fill: 0.5 });
  });

  it('a poster over an empty region: no frames, a warning that refuses it', () => {
    const xy = box(500, [-1, 1], [-1, 1]);
    const plan = planPoster(xy, { ...base, centerX: 5, centerY: 5, window: 0.5 });
    const f = windowFill(plan);
    expect([f.frames, f.filled, f.fill]).toEqual([0, 0, 0]);
    expect(posterWarning(f, base)).toMatchObject({ kind: 'empty', message: expect.stringMatching(/no frames/) });
  });

  it('suggests gapless or fewer columns when most cells stay background', () => {
    const sparse = { frames: 30, filled: 30, cells: 198, fill: 30 / 198 };
    expect(posterWarning(sparse, { gapless: false })).toMatchObject({ kind: 'sparse', message: expect.stringMatching(/15 %.*gapless.*fewer columns/) });
    expect(posterWarning(sparse, { gapless: true })!.message).toMatch(/fewer rows or columns/);
    expect(posterWarning({ frames: 90, filled: 80, cells: 198, fill: 80 / 198 }, base)).toBeNull(); // 40 % filled: fine
  });

  it('the whole-layout window of a disc is mostly filled; a fifth of it zoomed far out is not', () => {
    const n = 3000;
    const xy = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const r = Math.sqrt((i + 0.5) / n), a = i * 2.399963;
      xy[2 * i] = r * Math.cos(a);
      xy[2 * i + 1] = r * Math.sin(a);
    }
    const fitted = planPoster(xy, { ...base, ...fitWindow(framesExtent(xy)!, base) });
    expect(windowFill(fitted).fill).toBeGreaterThan(0.6);
    const wide = planPoster(xy, { ...base, window: 10 });
    expect(posterWarning(windowFill(wide), base)?.kind).toBe('sparse');
  });
});
