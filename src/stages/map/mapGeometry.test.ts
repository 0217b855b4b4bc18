import { describe, expect, it } from 'vitest';
import { boundsOf, cellSize, FrameRows, LevelCache, levelAt, toWorld, videoColor, WORLD } from './mapGeometry';

describe('map geometry', () => {
  it('turns layout y up into world y down', () => {
    expect(Array.from(toWorld([0.5, 0.25, -1, -1]))).toEqual([0.5 * WORLD, -0.25 * WORLD, -WORLD, WORLD]);
  });

  it('draws level ceil(zoom), clamped to the deepest useful level', () => {
    expect(levelAt(0.2, 8)).toBe(1);
    expect(levelAt(1, 8)).toBe(1);
    expect(levelAt(-0.5, 8)).toBe(0);
    expect(levelAt(11.3, 8)).toBe(8);
  });

  it('halves the cells each level, keeping the thumbnail shape', () => {
    const a = cellSize(2, 160, 16 / 9), b = cellSize(3, 160, 16 / 9);
    expect(a.w / a.h).toBeCloseTo(16 / 9);
    expect(b.w).toBeCloseTo(a.w / 2);
  });

  it('bounds skip excluded and missing points', () => {
    expect(boundsOf([0, 0, 5, -2, NaN, 3, 100, 100], (i) => i !== 3)).toEqual({ x0: 0, y0: -2, x1: 5, y1: 0 });
    expect(boundsOf([])).toBeNull();
  });

  it('shows more frames each level until every frame has its own cell', () => {
    const xy = new Float32Array(2 * 1000).map((_, i) => Math.sin(i * 12.9898) * 400);
    const cache = new LevelCache(xy, 128, 16 / 9);
    const max = cache.maxLevel(1000, 800);
    for (let z = 1; z <= max; z++) expect(cache.level(z).cells.size).toBeGreaterThanOrEqual(cache.level(z - 1).cells.size);
    expect(cache.level(max).cells.size).toBeGreaterThanOrEqual(980);
    expect(cache.level(max - 1).cells.size).toBeLessThan(980);
    expect(cache.level(max)).toBe(cache.level(max)); // computed once
  });

  it('stops at a fine level when frames share positions and never separate', () => {
    const xy = new Float32Array(200).fill(5); // 100 identical frames
    expect(new LevelCache(xy, 128, 16 / 9).maxLevel(100, 1024)).toBe(9); // 128 / 2^9 < 1024 / 2048
  });

  it('maps rows to videos and frames both ways', () => {
    const rows = new FrameRows([3, 0, 5, 2]);
    expect(rows.total).toBe(10);
    expect(rows.at(0)).toEqual({ video: 0, frame: 0 });
    expect(rows.at(3)).toEqual({ video: 2, frame: 0 });
    expect(rows.at(9)).toEqual({ video: 3, frame: 1 });
    for (let r = 0; r < 10; r++) {
      const { video, frame } = rows.at(r);
      expect(rows.row(video, frame)).toBe(r);
    }
    expect(() => rows.at(10)).toThrow(RangeError);
    expect(rows.count(2)).toBe(5);
  });

  it('gives neighbouring videos clearly different colours', () => {
    const cs = Array.from({ length: 8 }, (_, k) => videoColor(k));
    for (const v of cs.flat()) expect(v >= 0 && v <= 255).toBe(true);
    for (let k = 1; k < 8; k++) expect(Math.abs(cs[k]![0] - cs[k - 1]![0]) + Math.abs(cs[k]![1] - cs[k - 1]![1]) + Math.abs(cs[k]![2] - cs[k - 1]![2])).toBeGreaterThan(60);
  });
});

describe('view transforms', () => {
  it('screen and world coordinates round-trip and the view bounds hold the corners', async () => {
    const { screenToWorld, worldToScreen, viewBounds } = await import('./mapGeometry');
    const v = { target: [10, -20] as [number, number], zoom: 1.5 };
    const [wx, wy] = screenToWorld(v, 800, 600, 123, 456);
    const [px, py] = worldToScreen(v, 800, 600, wx, wy);
    expect(px).toBeCloseTo(123, 9);
    expect(py).toBeCloseTo(456, 9);
    const b = viewBounds(v, 800, 600);
    expect(screenToWorld(v, 800, 600, 0, 0)).toEqual([b.x0, b.y0]);
    expect(screenToWorld(v, 800, 600, 800, 600)).toEqual([b.x1, b.y1]);
    expect(screenToWorld(v, 800, 600, 400, 300)).toEqual([10, -20]);
  });
});
