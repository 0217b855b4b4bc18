import { describe, expect, it } from 'vitest';
import { isDull, lumaStats, thumbnailCandidates } from './rowThumbnail';

const image = (pixel: (i: number) => [number, number, number]) => {
  const out = new Uint8ClampedArray(64 * 4);
  for (let i = 0; i < 64; i++) out.set([...pixel(i), 255], i * 4);
  return out;
};

describe('row thumbnail', () => {
  it('calls black, near-black noise and a flat colour dull, a picture not', () => {
    expect(isDull(lumaStats(image(() => [0, 0, 0])))).toBe(true);
    expect(isDull(lumaStats(image((i) => [i % 9, i % 7, i % 5])))).toBe(true);
    expect(isDull(lumaStats(image(() => [200, 30, 30])))).toBe(true); // one colour: a title card's background
    expect(isDull(lumaStats(image((i) => (i % 2 ? [220, 210, 40] : [20, 60, 160]))))).toBe(false);
  });

  it('measures luma as BT.601', () => {
    const s = lumaStats(image(() => [255, 255, 255]));
    expect(s.mean).toBeCloseTo(255, 6);
    expect(s.std).toBeCloseTo(0, 6);
    expect(lumaStats(image((i) => (i % 2 ? [255, 255, 255] : [0, 0, 0]))).std).toBeCloseTo(127.5, 6);
  });

  it('spreads the candidates over the stored frames, frame 0 first', () => {
    expect(thumbnailCandidates(0)).toEqual([]);
    expect(thumbnailCandidates(3)).toEqual([0, 1, 2]);
    expect(thumbnailCandidates(60)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(thumbnailCandidates(10, 4)).toEqual([0, 2, 5, 7]);
  });
});
