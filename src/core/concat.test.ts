import { describe, expect, it } from 'vitest';
import { concat } from './concat';

describe('concat', () => {
  it('joins parts in order into one array of the given kind', () => {
    const out = concat(Float32Array, [new Float32Array([1, 2]), new Float32Array(0), new Float32Array([3])]);
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([1, 2, 3]);
    expect(Array.from(concat(Uint8Array, [Uint8Array.of(255), Uint8Array.of(1, 2).subarray(1)]))).toEqual([255, 2]);
  });

  it('gives an empty array for no parts', () => {
    expect(concat(Uint8Array, []).length).toBe(0);
  });
});
