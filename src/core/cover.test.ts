import { describe, expect, it } from 'vitest';
import { coverCrop } from './cover';

describe('coverCrop', () => {
  it('crops the sides of a wider source and keeps all of its height', () => {
    expect(coverCrop(534, 300, 300, 300)).toEqual({ sx: 117, sy: 0, sw: 300, sh: 300 });
  });
  it('crops top and bottom of a taller source, and takes a same-shape source whole', () => {
    expect(coverCrop(100, 200, 50, 50)).toEqual({ sx: 0, sy: 50, sw: 100, sh: 100 });
    expect(coverCrop(1280, 720, 640, 360)).toEqual({ sx: 0, sy: 0, sw: 1280, sh: 720 });
  });
});
