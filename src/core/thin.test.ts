import { describe, expect, it } from 'vitest';
import { thinIndices, thinRows } from './thin';

describe('thinning', () => {
  it('thins evenly, keeping both ends', () => {
    expect(thinIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(thinIndices(100, 5)).toEqual([0, 25, 50, 74, 99]);
  });

  it('takes whole rows, and returns short input as it is', () => {
    const rows = Float32Array.from({ length: 30 }, (_, i) => i); // 10 rows of 3
    expect(Array.from(thinRows(rows, 3, 3))).toEqual([0, 1, 2, 15, 16, 17, 27, 28, 29]);
    expect(thinRows(rows, 3, 10)).toBe(rows);
  });
});
