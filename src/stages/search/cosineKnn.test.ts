import { describe, expect, it } from 'vitest';
import { cosineTopK, normalizeRows, row } from './cosineKnn';

describe('cosine kNN', () => {
  it('normalises rows and leaves zero rows at zero', () => {
    const n = normalizeRows(Float32Array.from([3, 4, 0, 0]), 2);
    expect(Array.from(n)).toEqual([Math.fround(0.6), Math.fround(0.8), 0, 0]);
  });

  it('matches a brute-force sort, best first, with rows left out', () => {
    let s = 3;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
    const dim = 16, n = 500;
    const rows = normalizeRows(Float32Array.from({ length: n * dim }, rnd), dim);
    const q = row(rows, dim, 42);
    const got = cosineTopK(rows, dim, q, 7, (i) => i === 42);
    const dots = Array.from({ length: n }, (_, i) => ({ i, d: row(rows, dim, i).reduce((a, x, j) => a + x * q[j]!, 0) }))
      .filter((x) => x.i !== 42)
      .sort((a, b) => b.d - a.d);
    expect(got.map((g) => g.index)).toEqual(dots.slice(0, 7).map((d) => d.i));
    expect(got[0]!.score).toBeCloseTo(dots[0]!.d, 5);
    expect(cosineTopK(rows, dim, q, 1)[0]).toEqual({ index: 42, score: expect.closeTo(1, 5) });
  });
});
