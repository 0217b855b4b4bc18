import { describe, expect, it } from 'vitest';
import { syntheticRows } from './syntheticFeatures';

describe('synthetic features', () => {
  it('gives the same rows whatever the chunking', () => {
    const spec = { frames: 100, dim: 8, videos: 4, seed: 3 };
    const whole = syntheticRows(spec, 0, 100);
    const a = syntheticRows(spec, 0, 37), b = syntheticRows(spec, 37, 63);
    expect(Array.from(a.rows).concat(Array.from(b.rows))).toEqual(Array.from(whole.rows));
    expect(Array.from(whole.video.slice(20, 30))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });
});
