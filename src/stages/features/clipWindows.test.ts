import { describe, expect, it } from 'vitest';
import { clipWindows, windowSpans } from './clipWindows';

describe('windows of a video clip model', () => {
  it('cuts the stored frames into runs of T, a short last one only once the pack is complete', () => {
    expect(clipWindows(0, 10, 4, false).map((w) => w.frames)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    const done = clipWindows(0, 10, 4, true);
    expect(done.map((w) => [w.index, w.first, w.last])).toEqual([[0, 0, 3], [1, 4, 7], [2, 8, 9]]);
    expect(done[2]!.frames).toEqual([8, 9, 9, 9]);
    expect(clipWindows(0, 0, 4, true)).toEqual([]);
  });

  it('goes on from a frame inside a window with that whole window (its features are stored per frame)', () => {
    expect(clipWindows(6, 12, 4, false).map((w) => [w.first, w.last])).toEqual([[4, 7], [8, 11]]);
    expect(clipWindows(8, 12, 4, true).map((w) => w.index)).toEqual([2]);
    expect(clipWindows(12, 12, 4, true)).toEqual([]);
  });

  it('gives each window the span of its first and last frame', () => {
    const times = [0, 0.8, 1.6, 2.4, 3.2, 4.0, 4.8];
    expect(windowSpans(times, 3)).toEqual([
      { first: 0, last: 2, start: 0, end: 1.6 },
      { first: 3, last: 5, start: 2.4, end: 4.0 },
      { first: 6, last: 6, start: 4.8, end: 4.8 },
    ]);
  });
});
