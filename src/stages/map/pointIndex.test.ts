import { describe, expect, it } from 'vitest';
import { PointIndex } from './pointIndex';

describe('PointIndex', () => {
  let s = 17;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 200 - 100;
  const xy = Float64Array.from({ length: 4000 }, rnd);
  const index = new PointIndex(xy, 7, (i) => i % 10 !== 3);

  it('finds exactly the included points in a rectangle, in row order', () => {
    for (const [x0, y0, x1, y1] of [[-20, -30, 15, 5], [-100, -100, 100, 100], [50, 50, 51, 51], [-3.5, 2, 40, 80]] as const) {
      const want = Array.from({ length: 2000 }, (_, i) => i).filter((i) => i % 10 !== 3 && xy[2 * i]! >= x0 && xy[2 * i]! <= x1 && xy[2 * i + 1]! >= y0 && xy[2 * i + 1]! <= y1);
      expect(index.query(x0, y0, x1, y1)).toEqual(want);
    }
  });

  it('finds the nearest point within a radius, or none', () => {
    const i = 42;
    expect(index.nearest(xy[2 * i]! + 0.01, xy[2 * i + 1]!, 1)).toBe(i);
    expect(index.nearest(1000, 1000, 5)).toBe(-1);
    expect(index.nearest(xy[2 * 3]!, xy[2 * 3 + 1]!, 1e-9)).toBe(-1); // excluded row 3
  });
});
