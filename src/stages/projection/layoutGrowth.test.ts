import { describe, expect, it } from 'vitest';
import { growRows, growthOf, grownVideos } from './layoutGrowth';

const v = (id: string, frames: number) => ({ id, frames });

describe('layout growth', () => {
  it('places only what the layout does not hold: new videos, and the further frames of one filling in', () => {
    const held = [v('a', 3), v('b~look', 2), v('b', 2)];
    expect(growthOf(held, [v('a', 3), v('b', 5), v('c', 4), v('b~look', 2)])).toEqual([
      { id: 'b', from: 2, to: 5 },
      { id: 'c', from: 0, to: 4 },
    ]);
    // never fewer than held (a video restarted with fewer frames is not cut here)
    expect(growthOf(held, [v('a', 1)])).toEqual([]);
  });

  it('keeps each video one run of rows in frame order: a growing video\'s new rows after its own, new videos last', () => {
    const held = [v('a', 2), v('b', 1), v('c', 2)];
    const growth = growthOf(held, [v('d', 1), v('b', 3)]);
    expect(grownVideos(held, [v('d', 1), v('b', 3)], growth)).toEqual([v('a', 2), v('b', 3), v('c', 2), v('d', 1)]);
    // two values a row: a0 a1 | b0 | c0 c1, then b1 b2 and d0
    const rows = Float32Array.from([1, 1, 2, 2, 10, 10, 20, 20, 21, 21]);
    const added = growth.map((g) => Float32Array.from({ length: (g.to - g.from) * 2 }, (_, j) => (g.id === 'b' ? 11 + Math.floor(j / 2) : 30)));
    expect([...growRows(held, rows, 2, growth, added)]).toEqual([1, 1, 2, 2, 10, 10, 11, 11, 12, 12, 20, 20, 21, 21, 30, 30]);
  });

  it('fails loudly when the rows do not match the videos', () => {
    expect(() => growRows([v('a', 2)], new Float32Array(6), 2, [], [])).toThrow(/do not add up/);
  });
});
