import { describe, expect, it } from 'vitest';
import { adjustedRand } from './adjustedRand';
import { assignRows, coarseGroups, fitClusters, letters, lineage } from './clustering';
import { hdbscan } from './hdbscan';
import { plantedClusters } from './syntheticClusters';

/** Each row's group at the top level and at the finest level, -1 for noise. */
function levels(model: ReturnType<typeof fitClusters>, finest: Int32Array) {
  const top = Int32Array.from(finest, (g) => (g < 0 ? -1 : lineage(model.groups, g).at(-1)!));
  return { top, finest };
}

describe('hdbscan', () => {
  it('finds dense blobs without being told how many, and leaves sparse points as noise', () => {
    const p = plantedClusters({ coarse: 1, finePerCoarse: 5, perFine: 60, noise: 0.1, noiseSpread: 2, dim: 64, seed: 3 });
    const r = hdbscan(p.rows, p.dim, { minSamples: 5, minClusterSize: 10 });
        expect(r.clusters).toBe(5);
    expect(adjustedRand(r.labels, p.fine)).toBeGreaterThan(0.95);
    const noise = [...p.fine.keys()].filter((i) => p.fine[i] === -1);
    expect(noise.filter((i) => r.labels[i] === -1).length / noise.length).toBeGreaterThan(0.9);
    const members = [...p.fine.keys()].filter((i) => p.fine[i]! >= 0);
    expect(members.filter((i) => r.labels[i] === -1).length / members.length).toBeLessThan(0.05);
  });

  it('calls one blob one group, and too few points noise', () => {
    const one = plantedClusters({ coarse: 1, finePerCoarse: 1, perFine: 80, noise: 0, dim: 8, seed: 1 });
    const r = hdbscan(one.rows, one.dim, { minSamples: 5, minClusterSize: 10 });
    expect(r.clusters).toBe(1);
    expect(r.labels.every((l) => l === 0)).toBe(true);
    expect(hdbscan(one.rows.subarray(0, 8 * 4), 8, { minSamples: 5, minClusterSize: 10 }).labels.every((l) => l === -1)).toBe(true);
  });
});

describe('fitClusters', () => {
  it('recovers planted coarse groups and their finer parts (ARI ≥ 0.9 at each level), noise as noise', () => {
    for (const seed of [1, 2, 3]) {
      const p = plantedClusters({ coarse: 4, finePerCoarse: 3, perFine: 50, noise: 0.05, dim: 64, seed });
      const model = fitClusters(p.rows, p.dim);
      const { top, finest } = levels(model, assignRows(model, p.rows, p.dim));
      expect(adjustedRand(top, p.coarse)).toBeGreaterThanOrEqual(0.9);
      expect(adjustedRand(finest, p.fine)).toBeGreaterThanOrEqual(0.9);
      expect(model.groups.filter((g) => g.parent < 0)).toHaveLength(4);
      expect(model.groups.filter((g) => g.parent >= 0)).toHaveLength(12);
      const noise = [...p.fine.keys()].filter((i) => p.fine[i] === -1);
      expect(noise.filter((i) => finest[i] === -1).length / noise.length).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('fits on a sample and places the other rows into the same groups', () => {
    const p = plantedClusters({ coarse: 3, finePerCoarse: 2, perFine: 400, noise: 0.03, dim: 64, seed: 7 });
    const n = p.fine.length;
    const every = Array.from({ length: Math.floor(n / 4) }, (_, i) => i * 4);
    const sample = new Float32Array(every.length * p.dim);
    every.forEach((r, i) => sample.set(p.rows.subarray(r * p.dim, (r + 1) * p.dim), i * p.dim));
    const model = fitClusters(sample, p.dim);
    const { top, finest } = levels(model, assignRows(model, p.rows, p.dim));
    expect(adjustedRand(top, p.coarse)).toBeGreaterThanOrEqual(0.9);
    expect(adjustedRand(finest, p.fine)).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps a flat set of groups flat: no coarse level without a clear gap', () => {
    const p = plantedClusters({ coarse: 6, finePerCoarse: 1, perFine: 40, noise: 0, dim: 64, seed: 5 });
    const model = fitClusters(p.rows, p.dim);
    expect(model.groups).toHaveLength(6);
    expect(model.groups.every((g) => g.parent === -1 && g.children.length === 0)).toBe(true);
    expect(model.groups.map((g) => g.name)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });

  it('names and orders groups biggest first, with a typical frame inside each', () => {
    const p = plantedClusters({ coarse: 2, finePerCoarse: 2, perFine: 40, noise: 0, dim: 32, seed: 9 });
    const model = fitClusters(p.rows, p.dim);
    const top = model.groups.filter((g) => g.parent < 0);
    expect(top.map((g) => g.name)).toEqual(['A', 'B']);
    expect(model.groups[top[0]!.children[0]!]!.name).toBe('A1');
    for (const g of model.groups) {
      const members = lineage(model.groups, model.sampleGroup[g.typical]!);
      expect(members).toContain(g.id);
    }
  });
});

describe('coarseGroups and letters', () => {
  it('cuts at the largest gap', () => {
    // Two pairs on a line: 0, 1 and 10, 11.
    const mean = Float64Array.of(0, 1, 10, 11);
    expect([...coarseGroups(mean, Int32Array.of(5, 5, 5, 5), 1)!]).toEqual([0, 0, 1, 1]);
    expect(coarseGroups(Float64Array.of(0, 10), Int32Array.of(5, 5), 1)).toBeNull();
  });
  it('spells group names', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(letters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });
});
