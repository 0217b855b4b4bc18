import { describe, expect, it } from 'vitest';
import { logRatio, tripletLogRatioLoss } from './tripletLoss';

describe('triplet log-ratio loss', () => {
  it('matches a hand-computed example', () => {
    // input: |A−B|² = 1, |B−C|² = 4 → r = log(1.001 / 4.001)
    // code:  |A−B|² = 4, |B−C|² = 1 → r' = log(4.001 / 1.001)
    const r = Math.log(1.001 / 4.001);
    expect(logRatio([0, 0], [1, 0], [1, 2])).toBeCloseTo(r, 12);
    const loss = tripletLogRatioLoss([[[0, 0], [1, 0], [1, 2]]], [[[0], [2], [3]]]);
    expect(loss).toBeCloseTo((2 * r) ** 2, 12); // r' = −r
  });

  it('is zero when the code keeps every distance ratio', () => {
    const t: [number[], number[], number[]] = [[0, 0, 0], [3, 0, 0], [3, 1, 0]];
    expect(tripletLogRatioLoss([t], [[[0, 0], [3, 0], [3, 1]]])).toBeCloseTo(0, 12);
    // scaling the whole code by 0.1 changes ratios only through ε
    expect(tripletLogRatioLoss([t], [[[0, 0], [0.3, 0], [0.3, 0.1]]])).toBeLessThan(0.05);
  });
});
