import { describe, expect, it } from 'vitest';
import { insidePolygon, pointsInside, rectPolygon } from './regionSelect';

describe('region selection', () => {
  it('selects the points inside a rectangle', () => {
    const xy = [0, 0, 1, 1, 2, 2, 3, 3, -1, 0.5];
    expect(pointsInside(xy, rectPolygon(0.5, 0.5, 2.5, 2.5))).toEqual([1, 2]);
    expect(pointsInside(xy, rectPolygon(2.5, 2.5, 0.5, 0.5))).toEqual([1, 2]); // dragged backwards
  });

  it('follows a concave lasso', () => {
    // A "U": the notch in the middle is outside.
    const u = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3]] as const;
    expect(insidePolygon(0.5, 2, u)).toBe(true);
    expect(insidePolygon(1.5, 2, u)).toBe(false);
    expect(insidePolygon(1.5, 0.5, u)).toBe(true);
    expect(insidePolygon(4, 1, u)).toBe(false);
    expect(pointsInside([0.5, 2, 1.5, 2, 2.5, 2.5], u, (i) => i !== 2)).toEqual([0]);
  });

  it('a lasso of fewer than three points selects nothing', () => {
    expect(pointsInside([0, 0], [[0, 0], [1, 1]])).toEqual([]);
  });
});
