import { describe, expect, it } from 'vitest';
import { alignAngle, alignTransform, meanDisplacement, sharedRows } from './align';
import { applyStretch, fitStretch, rotatePoints, thenTransform, transformPoints } from './percentileStretch';
import { rng } from '../../core/random';

describe('layout alignment', () => {
  it('finds the rotation that undoes a turn, noise and all', () => {
    const r = rng(3);
    const prev = Float32Array.from({ length: 400 }, () => r() * 2 - 1);
    const turned = rotatePoints(prev, -1.1).map((x) => x + (r() - 0.5) * 0.02);
    const angle = alignAngle(prev, turned);
    expect(angle).toBeCloseTo(1.1, 2);
    expect(meanDisplacement(prev, rotatePoints(turned, angle))).toBeLessThan(0.02);
    expect(meanDisplacement(prev, turned)).toBeGreaterThan(0.5);
  });

  it('mirrors when the retrain came out as the mirror image', () => {
    const r = rng(5);
    const prev = Float32Array.from({ length: 400 }, () => r() * 2 - 1);
    const mirrored = rotatePoints(prev.map((v, i) => (i % 2 ? -v : v)), 0.4);
    const t = alignTransform(prev, mirrored);
    expect(t.mirror).toBe(true);
    expect(t.shift).toBeLessThan(1e-5);
    expect(meanDisplacement(prev, transformPoints(mirrored, t))).toBeLessThan(1e-5);
    expect(alignTransform(prev, rotatePoints(prev, 0.3)).mirror).toBe(false);
  });

  it('a stretch followed by a transform places points as the transform of its placement', () => {
    const r = rng(9);
    const xy = Float32Array.from({ length: 200 }, () => r() * 4 - 2);
    for (const mirror of [false, true]) {
      const s = { ...fitStretch(xy, 21, 0.5), mirror: true };
      const t = { angle: -1.2, mirror };
      const direct = applyStretch(thenTransform(s, t), xy);
      transformPoints(applyStretch(s, xy), t).forEach((v, i) => expect(direct[i]).toBeCloseTo(v, 5));
    }
  });

  it('pairs the rows of the videos both layouts hold, whatever their order', () => {
    const prev = { videos: [{ id: 'a', frames: 2 }, { id: 'b~look', frames: 1 }], coords: Float32Array.from([1, 1, 2, 2, 9, 9]) };
    const next = { videos: [{ id: 'c', frames: 1 }, { id: 'a', frames: 3 }], coords: Float32Array.from([7, 7, 3, 3, 4, 4, 5, 5]) };
    const [p, q] = sharedRows(prev, next);
    expect([...p]).toEqual([1, 1, 2, 2]);
    expect([...q]).toEqual([3, 3, 4, 4]);
  });
});
