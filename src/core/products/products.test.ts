import * as ort from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { normal as gauss } from '../random';
import { LoopProducts, TimedProducts } from './products';
import { OrtProducts, chooseProducts, measureProducts } from './productsOrt';

ort.env.wasm.numThreads = 1;
const ortProducts = new OrtProducts(ort, 'wasm', 'wasm');
afterAll(() => ortProducts.dispose());

describe('PCA products on onnxruntime-web', () => {
  /** Float64 reference of (X−μ)ᵀ(X−μ)Q and (X−μ)Q. */
  function reference(x: Float32Array, m: number, d: number, mu: Float32Array, q: Float32Array, k: number) {
    const y = new Float64Array(m * k), z = new Float64Array(d * k);
    for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j]! - mu[j]!) * q[j * k + c]!;
      y[i * k + c] = s;
    }
    for (let j = 0; j < d; j++) for (let c = 0; c < k; c++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += (x[i * d + j]! - mu[j]!) * y[i * k + c]!;
      z[j * k + c] = s;
    }
    return { y, z };
  }
  const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let num = 0, den = 0;
    for (let i = 0; i < a.length; i++) { num += (a[i]! - b[i]!) ** 2; den += b[i]! ** 2; }
    return Math.sqrt(num / den);
  };

  it('gives the float64 covariance products within float32 tolerance at feature-like sizes', async () => {
    const m = 300, d = 512, k = 40;
    const g = gauss(3);
    const x = Float32Array.from({ length: m * d }, () => 4 + g());
    const mu = Float32Array.from({ length: d }, () => 4 + 0.1 * g());
    const q = Float32Array.from({ length: d * k }, g);
    const ref = reference(x, m, d, mu, q, k);
    const got = await ortProducts.gramTimes(x, m, mu, q, k);
    expect(relErr(got.y, ref.y)).toBeLessThan(1e-5);
    expect(relErr(got.z, ref.z)).toBeLessThan(1e-5);
    const gram = await ortProducts.gram(x, m, mu);
    const loop = await new LoopProducts().gram(x, m, mu);
    expect(relErr(gram, loop)).toBeLessThan(1e-5);
    expect(relErr(await ortProducts.times(x, m, mu, q, k), ref.y)).toBeLessThan(1e-5);
  });

  it('measures its throughput at the real sizes', async () => {
    expect(await measureProducts(ortProducts, 256, 32, 64)).toBeGreaterThan(0.05);
  });

  it('is chosen by measuring: WebAssembly without a hardware adapter, named with its throughput, timed on request', async () => {
    const chosen = await chooseProducts(ort, { adapter: true, fallback: true }, 64, 8);
    expect(chosen.name).toMatch(/^WebAssembly ×1 thread \(\d+ GFLOP\/s\)$/);
    const g = gauss(7);
    const x = Float32Array.from({ length: 20 * 64 }, g);
    const mu = new Float32Array(64).fill(0.25);
    const timed = new TimedProducts(chosen);
    const got = await timed.gram(x, 20, mu);
    const want = await new LoopProducts().gram(x, 20, mu);
    want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 3));
    expect(timed.seconds).toBeGreaterThan(0);
    await chosen.dispose();
  });
});
