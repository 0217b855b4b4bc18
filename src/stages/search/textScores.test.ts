import { describe, expect, it } from 'vitest';
import { cropScores, topRows, unit, unitCrops, videoScores } from './textScores';

describe('scores of frames against a text embedding', () => {
  // 3 frames of two 3-d crops: red | red, green | blue, nothing | green
  const vectors = Float32Array.from([2, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0.5, 0]);
  const crops = unitCrops(vectors, 3, 3);

  it('keeps each crop as a unit vector in int8, an empty crop empty', () => {
    expect(Array.from(crops)).toEqual([127, 0, 0, 127, 0, 0, 0, 127, 0, 0, 0, 127, 0, 0, 0, 0, 127, 0]);
  });

  it('scores a frame by its better crop, and leaves out rows not allowed', () => {
    const green = unit(Float32Array.from([0, 1, 0]));
    expect(Array.from(cropScores(crops, 3, 3, green))).toEqual([0, 1, 1]);
    const blueish = unit(Float32Array.from([0, 0.6, 0.8]));
    expect(Array.from(cropScores(crops, 3, 3, blueish), (v) => +v.toFixed(3))).toEqual([0, 0.8, 0.6]);
    expect(Array.from(cropScores(crops, 3, 3, blueish, (r) => r !== 1))).toEqual([0, -Infinity, expect.closeTo(0.6, 5)]);
  });

  it('ranks frames best first and videos by their best few frames', () => {
    const scores = Float32Array.from([0.05, 0.9, 0, 0.5, 0.45, 0.4, -Infinity]);
    expect(topRows(scores, 3)).toEqual([{ row: 1, score: expect.closeTo(0.9, 5) }, { row: 3, score: 0.5 }, { row: 4, score: expect.closeTo(0.45, 5) }]);
    expect(topRows(scores, 10)).toHaveLength(6);
    // video 0: rows 0–2 (one lucky frame), video 1: rows 3–5 (good throughout), video 2: nothing allowed
    const v = videoScores(scores, [{ start: 0, rows: 3 }, { start: 3, rows: 3 }, { start: 6, rows: 1 }], 3);
    expect(v.map((x) => x.video)).toEqual([1, 0]);
    expect(v[0]!.row).toBe(3);
    expect(v[1]!.score).toBeCloseTo(0.95 / 3, 5);
  });
});
