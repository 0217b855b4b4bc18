import { describe, expect, it } from 'vitest';
import { clipFps } from './clipSampling';

describe('clip sampling', () => {
  it('samples about twice the library rate, within 2–8 per second', () => {
    expect(clipFps(2 / 3)).toBeCloseTo(3, 5); // every 20th frame at 30 fps
    expect(clipFps(0.2)).toBe(8);
    expect(clipFps(10)).toBe(2);
    expect(clipFps(0)).toBe(2);
  });
});
