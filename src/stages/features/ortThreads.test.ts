import { describe, expect, it } from 'vitest';
import { ortThreads, RAISE_MIN_FRAMES } from './ortThreads';

describe('ortThreads', () => {
  it('leaves one core to the decoder while videos decode, and takes them all otherwise', () => {
    expect(ortThreads({ max: 2, decoding: true, current: null, frames: 64 })).toBe(1);
    expect(ortThreads({ max: 8, decoding: true, current: null, frames: 64 })).toBe(7);
    expect(ortThreads({ max: 8, decoding: false, current: null, frames: 64 })).toBe(8);
    expect(ortThreads({ max: 1, decoding: true, current: null, frames: 64 })).toBe(1);
  });

  it('drops threads at once when decoding starts', () => {
    expect(ortThreads({ max: 2, decoding: true, current: 2, frames: 1 })).toBe(1);
  });

  it('adds threads only for a job long enough to pay for a fresh worker', () => {
    expect(ortThreads({ max: 2, decoding: false, current: 1, frames: RAISE_MIN_FRAMES - 1 })).toBe(1);
    expect(ortThreads({ max: 2, decoding: false, current: 1, frames: RAISE_MIN_FRAMES })).toBe(2);
    expect(ortThreads({ max: 4, decoding: false, current: 4, frames: 10_000 })).toBe(4);
  });
});
