import * as ort from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { normal as gauss } from '../../core/random';
import { pcaCost, pcaRoute, project, streamedPca, type PcaRoute, type RowPass } from './pca';
import { LoopProducts, type Products } from '../../core/products/products';
import { OrtProducts } from '../../core/products/productsOrt';
import { maxPrincipalAngle, symmetricEigen } from './smallLinalg';

ort.env.wasm.numThreads = 1;
const ortProducts = new OrtProducts(ort, 'wasm', 'wasm');
afterAll(() => ortProducts.dispose());

/** Data with a known spectrum: independent axes with decaying scales (ratio per axis), randomly rotated, shifted far from 0. */
function structured(n: number, d: number, seed: number, ratio = 0.8): Float32Array {
  const g = gauss(seed);
  const rot = Array.from({ length: d * d }, g);
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: d }, (_, j) => g() * 3 * ratio ** j);
    for (let r = 0; r < d; r++) {
      let v = 50 + r * 0.1;
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

/** The rows in chunks of 128 (the last one short), as the feature stores deliver them. */
const chunked = (x: Float32Array, n: number, d: number): RowPass => async (visit) => {
  for (let i = 0; i < n; i += 128) await visit(x.slice(i * d, Math.min(n, i + 128) * d), Math.min(128, n - i));
};

describe('streamed PCA', () => {
  const n = 600, d = 40, k = 8;
  const x = structured(n, d, 11);
  const exact = symmetricEigen(exactCovariance(x, n, d), d);
  const exactBasis = new Float64Array(d * k);
  for (let r = 0; r < d; r++) for (let c = 0; c < k; c++) exactBasis[r * k + c] = exact.vectors[r * d + c]!;
  const total = exact.values.reduce((a, b) => a + b, 0);
  const exactRetained = exact.values.slice(0, k).reduce((a, b) => a + b, 0) / total;

  const cases: [PcaRoute, string, Products][] = [
    ['randomized', 'js', new LoopProducts()], ['covariance', 'js', new LoopProducts()],
    ['randomized', 'onnxruntime-web wasm', ortProducts], ['covariance', 'onnxruntime-web wasm', ortProducts],
  ];
  it.each(cases)('%s route on %s matches an exact eigendecomposition: principal angles, retained variance, projections', async (route, _name, products) => {
    const r = await streamedPca(chunked(x, n, d), n, d, k, products, { route, oversample: 8 });
    expect(r.route).toBe(route);
    const est = new Float64Array(d * k);
    for (let c = 0; c < k; c++) for (let row = 0; row < d; row++) est[row * k + c] = r.model.components[c * d + row]!;
    expect(maxPrincipalAngle(exactBasis, est, d, k)).toBeLessThan(1e-2);
    expect(Math.abs(r.model.retained - exactRetained)).toBeLessThan(0.005);
    expect(r.model.totalVariance / total).toBeCloseTo(1, 4);
    for (let i = 0; i < k; i++) expect(r.model.eigenvalues[i]! / exact.values[i]!).toBeCloseTo(1, 2);
    // The projections handed back are centred, have the eigenvalues as variances, and equal projecting afresh.
    const again = await project(r.model, x, products);
    let m0 = 0, v0 = 0, diff = 0;
    for (let i = 0; i < n; i++) m0 += r.projected[i * k]! / n;
    for (let i = 0; i < n; i++) v0 += (r.projected[i * k]! - m0) ** 2 / n;
    for (let i = 0; i < n * k; i++) diff = Math.max(diff, Math.abs(r.projected[i]! - again[i]!));
    expect(Math.abs(m0)).toBeLessThan(1e-3);
    expect(v0 / exact.values[0]!).toBeCloseTo(1, 2);
    expect(diff).toBeLessThan(1e-3 * Math.sqrt(exact.values[0]!));
  });

  it('keeps the variance of a slowly decaying spectrum within 0.5 points of exact with 3 passes', async () => {
    const n2 = 800, d2 = 96, k2 = 24;
    const flat = structured(n2, d2, 5, 0.97); // CNN features decay slowly: the hard case for few passes
    const ex = symmetricEigen(exactCovariance(flat, n2, d2), d2);
    const exRetained = ex.values.slice(0, k2).reduce((a, b) => a + b, 0) / ex.values.reduce((a, b) => a + b, 0);
    const r = await streamedPca(chunked(flat, n2, d2), n2, d2, k2, ortProducts, { route: 'randomized', passes: 3 });
    expect(exRetained - r.model.retained).toBeLessThan(0.005);
    expect(r.model.retained).toBeLessThanOrEqual(exRetained + 1e-6);
  });

  it('reads each chunk once per pass and fails loudly when a pass comes up short', async () => {
    let reads = 0;
    const counting: RowPass = async (visit) => chunked(x, n, d)(async (rows, m) => { reads++; await visit(rows, m); });
    const r = await streamedPca(counting, n, d, k, ortProducts, { route: 'randomized', passes: 3 });
    expect(r.passes).toBe(3);
    expect(reads).toBe(3 * Math.ceil(n / 128));
    await expect(streamedPca(chunked(x, n - 10, d), n, d, k, ortProducts, { route: 'randomized' })).rejects.toThrow(/read 590 rows/);
  });
});

describe('PCA route', () => {
  it('takes the randomized route for CNN-sized vectors and the covariance route for short ones at scale', () => {
    expect(pcaRoute(100_000, 4096, 256)).toBe('randomized');
    expect(pcaRoute(1_000, 4096, 256)).toBe('randomized');
    expect(pcaRoute(100_000, 512, 256)).toBe('covariance');
    const c = pcaCost(100_000, 4096, 256);
    expect(c.covariance / c.randomized).toBeGreaterThan(2);
  });
});
