import { describe, expect, it } from 'vitest';
import { cropRegions, frameCrops } from './cropGeometry';

describe('frameCrops', () => {
  it('cuts a wide frame into left and right squares', () => {
    expect(frameCrops(534, 300)).toEqual([{ sx: 0, sy: 0, side: 300 }, { sx: 234, sy: 0, side: 300 }]);
  });
  it('uses one centre square up to an aspect of 1.2', () => {
    expect(frameCrops(360, 300)).toEqual([{ sx: 30, sy: 0, side: 300 }]);
    expect(frameCrops(300, 300)).toEqual([{ sx: 0, sy: 0, side: 300 }]);
    expect(frameCrops(361, 300)).toHaveLength(2);
  });
  it('cuts a portrait frame into top and bottom squares', () => {
    expect(frameCrops(168, 300)).toEqual([{ sx: 0, sy: 0, side: 168 }, { sx: 0, sy: 132, side: 168 }]);
  });

  it('gives a loaded model the crops its descriptor asks for', () => {
    expect(cropRegions('halves', 534, 300)).toEqual([{ sx: 0, sy: 0, sw: 300, sh: 300 }, { sx: 234, sy: 0, sw: 300, sh: 300 }]);
    expect(cropRegions('centre', 534, 300)).toEqual([{ sx: 117, sy: 0, sw: 300, sh: 300 }]);
    expect(cropRegions('whole', 534, 300)).toEqual([{ sx: 0, sy: 0, sw: 534, sh: 300 }]);
  });
});
