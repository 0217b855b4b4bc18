import { describe, expect, it } from 'vitest';
import { normalizeRows } from './cosineKnn';
import { videoSimilarity } from './videoSimilarity';

const setSimilarity = (a: Float32Array, b: Float32Array, dim: number) => videoSimilarity(a, b, dim).set;
const sequenceSimilarity = (a: Float32Array, b: Float32Array, dim: number) => videoSimilarity(a, b, dim).sequence;

describe('video similarity', () => {
  let s = 21;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const dim = 8;
  const scenes = Array.from({ length: 6 }, () => Array.from({ length: dim }, rnd));
  const video = (order: number[], per: number) => normalizeRows(Float32Array.from(order.flatMap((k) => Array.from({ length: per }, () => scenes[k]!.map((v) => v + 0.05 * rnd()))).flat()), dim);
  const a = video([0, 1, 2], 10);

  it('same scenes score high as a set in any order; as a sequence only in the same order', () => {
    const sameOrderSlower = video([0, 1, 2], 17);
    const reversed = video([2, 1, 0], 10);
    const other = video([3, 4, 5], 10);
    expect(setSimilarity(a, reversed, dim)).toBeGreaterThan(0.95);
    expect(setSimilarity(a, other, dim)).toBeLessThan(setSimilarity(a, reversed, dim) - 0.2);
    expect(sequenceSimilarity(a, sameOrderSlower, dim)).toBeGreaterThan(0.95);
    expect(sequenceSimilarity(a, reversed, dim)).toBeLessThan(sequenceSimilarity(a, sameOrderSlower, dim) - 0.1);
    expect(sequenceSimilarity(a, a, dim)).toBeCloseTo(1, 5);
  });
});
