import { describe, expect, it } from 'vitest';
import { frameVectors, rgbaToNchw } from './preprocess';

describe('preprocess', () => {
  it('turns RGBA pixels into NCHW planes, dropping alpha', () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 10, 11, 12, 255]);
    const out = new Float32Array(1 + 12);
    rgbaToNchw(rgba, 2, out, 1);
    expect(Array.from(out)).toEqual([0, 1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12]);
  });

  it('concatenates left and right crops, or repeats a centre crop', () => {
    const output = new Float32Array([1, 1, 2, 2, 3, 3]); // three crops of dim 2
    const [wide, square] = frameVectors(output, 2, [2, 1]);
    expect(Array.from(wide!)).toEqual([1, 1, 2, 2]);
    expect(Array.from(square!)).toEqual([3, 3, 3, 3]);
  });
});
