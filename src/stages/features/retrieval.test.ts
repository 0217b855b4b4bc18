import { describe, expect, it } from 'vitest';
import { cosine, l2normalize, retrievalScores } from './retrieval';

const v = (...xs: number[]) => new Float32Array(xs);

describe('retrieval maths', () => {
  it('computes cosine similarity and normalises', () => {
    expect(cosine(v(1, 0), v(0, 1))).toBe(0);
    expect(cosine(v(1, 1), v(2, 2))).toBeCloseTo(1, 6);
    expect(Array.from(l2normalize(v(3, 4)))).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
  });

  it('scores perfect and imperfect retrieval by hand', () => {
    const perfect = retrievalScores([v(1, 0), v(0.9, 0.1), v(0, 1), v(0.1, 0.9)], ['a', 'a', 'b', 'b']);
    expect(perfect.precisionAt1).toBe(1);
    expect(perfect.meanAveragePrecision).toBe(1);
    // a2 and b2 are nearer each other than their own scenes: both find their match at rank 2 (AP 1/2)
    const mixed = retrievalScores([v(1, 0), v(0.8, 0.6), v(0, 1), v(0.6, 0.8)], ['a', 'a', 'b', 'b']);
    expect(mixed.precisionAt1).toBe(0.5);
    expect(mixed.meanAveragePrecision).toBeCloseTo(0.75, 6);
  });
});
