import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CovarianceAccumulator, pcaFromCovariance, project } from './pca';
import { maxPrincipalAngle, symmetricEigen } from './smallLinalg';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Data with a known spectrum: independent axes with decaying scales, randomly rotated, shifted. */
function structured(n: number, d: number, seed: number): Float32Array {
  let s = seed;
  const g = () => {
    const u1 = ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    const u2 = ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  const rot = Array.from({ length: d * d }, g);
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: d }, (_, j) => g() * 3 * 0.8 ** j);
    for (let r = 0; r < d; r++) {
      let v = 5 + r * 0.1;
      for (let j = 0; j < d; j++) v += (rot[r * d + j]! / Math.sqrt(d)) * z[j]!;
      out[i * d + r] = v;
    }
  }
  return out;
}

function exactCovariance(x: Float32Array, n: number, d: number): Float64Array {
  const mu = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mu[j]! += x[i * d + j]! / n;
  const c = new Float64Array(d * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) c[a * d + b]! += ((x[i * d + a]! - mu[a]!) * (x[i * d + b]! - mu[b]!)) / n;
  return c;
}

describe('PCA', () => {
  it('matches an exact eigendecomposition: principal angles < 1e-3, same retained variance', async () => {
    const n = 600, d = 40, k = 8;
    const x = structured(n, d, 11);
    const acc = new CovarianceAccumulator(d);
    for (let i = 0; i < n; i += 128) acc.add(x.subarray(i * d, Math.min(n, i + 128) * d)); // streamed in chunks
    const { mean, cov } = acc.finish();
    const model = await pcaFromCovariance(mean, cov, k);
    cov.dispose();

    const exact = symmetricEigen(exactCovariance(x, n, d), d);
    const exactBasis = new Float64Array(d * k);
    for (let r = 0; r < d; r++) for (let c = 0; c < k; c++) exactBasis[r * k + c] = exact.vectors[r * d + c]!;
    const estBasis = new Float64Array(d * k);
    for (let c = 0; c < k; c++) for (let r = 0; r < d; r++) estBasis[r * k + c] = model.components[c * d + r]!;
    expect(maxPrincipalAngle(exactBasis, estBasis, d, k)).toBeLessThan(1e-3);

    const total = exact.values.reduce((a, b) => a + b, 0);
    const retained = exact.values.slice(0, k).reduce((a, b) => a + b, 0) / total;
    expect(model.retained).toBeCloseTo(retained, 4);
    for (let i = 0; i < k; i++) expect(model.eigenvalues[i]! / exact.values[i]!).toBeCloseTo(1, 3);

    // Projections are centred and their variances are the eigenvalues.
    const p = project(model, x);
    let m0 = 0, v0 = 0;
    for (let i = 0; i < n; i++) m0 += p[i * k]! / n;
    for (let i = 0; i < n; i++) v0 += (p[i * k]! - m0) ** 2 / n;
    expect(Math.abs(m0)).toBeLessThan(1e-3);
    expect(v0 / exact.values[0]!).toBeCloseTo(1, 3);
  });
});
