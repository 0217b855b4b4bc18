// The heavy matrix products of streamed PCA, behind one small interface so the
// algorithm (pca.ts) does not care where they run: onnxruntime-web's MLAS GEMM
// on WebAssembly threads or its WebGPU kernels (productsOrt.ts), or the plain
// loops below (the float64 reference the tests compare against, and the last
// resort where no engine loads). All matrices are row-major float32; X is a
// chunk of m rows of length d, centred by μ inside the product.

export interface Products {
  /** e.g. 'wasm ×2 threads', 'webgpu', 'js' */
  readonly name: string;
  /** (X − μ)·W: m×k, for W d×k. */
  times(x: Float32Array, m: number, mu: Float32Array, w: Float32Array, k: number): Promise<Float32Array>;
  /** Y = (X − μ)·Q (m×k) and Z = (X − μ)ᵀ·Y (d×k): one chunk's share of the covariance times Q. */
  gramTimes(x: Float32Array, m: number, mu: Float32Array, q: Float32Array, k: number): Promise<{ y: Float32Array; z: Float32Array }>;
  /** (X − μ)ᵀ(X − μ): d×d, one chunk's share of the covariance. */
  gram(x: Float32Array, m: number, mu: Float32Array): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** Row-major r×c → c×r (the products take W as d×k; axes and queries are kept as rows). */
export function transpose(a: ArrayLike<number>, r: number, c: number): Float32Array {
  const t = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = a[i * c + j]!;
  return t;
}

/** Plain loops with float64 sums: exact enough to be the reference, far too slow for 100k frames. */
export class LoopProducts implements Products {
  readonly name = 'js';

  private centred(x: Float32Array, m: number, mu: Float32Array): Float64Array {
    const d = mu.length;
    const c = new Float64Array(m * d);
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) c[i * d + j] = x[i * d + j]! - mu[j]!;
    return c;
  }

  private timesF64(c: Float64Array, m: number, d: number, w: ArrayLike<number>, k: number): Float64Array {
    const y = new Float64Array(m * k);
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) {
      const v = c[i * d + j]!;
      if (v === 0) continue;
      for (let c2 = 0; c2 < k; c2++) y[i * k + c2]! += v * w[j * k + c2]!;
    }
    return y;
  }

  private transposeTimes(c: Float64Array, m: number, d: number, y: ArrayLike<number>, k: number): Float64Array {
    const z = new Float64Array(d * k);
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) {
      const v = c[i * d + j]!;
      if (v === 0) continue;
      for (let c2 = 0; c2 < k; c2++) z[j * k + c2]! += v * y[i * k + c2]!;
    }
    return z;
  }

  async times(x: Float32Array, m: number, mu: Float32Array, w: Float32Array, k: number): Promise<Float32Array> {
    return Float32Array.from(this.timesF64(this.centred(x, m, mu), m, mu.length, w, k));
  }

  async gramTimes(x: Float32Array, m: number, mu: Float32Array, q: Float32Array, k: number): Promise<{ y: Float32Array; z: Float32Array }> {
    const c = this.centred(x, m, mu);
    const y = this.timesF64(c, m, mu.length, q, k);
    return { y: Float32Array.from(y), z: Float32Array.from(this.transposeTimes(c, m, mu.length, y, k)) };
  }

  async gram(x: Float32Array, m: number, mu: Float32Array): Promise<Float32Array> {
    const c = this.centred(x, m, mu);
    return Float32Array.from(this.transposeTimes(c, m, mu.length, c, mu.length));
  }

  async dispose(): Promise<void> {}
}

/** The same products, with the time spent in them added up (benchmarks: how much of PCA is the engine). */
export class TimedProducts implements Products {
  seconds = 0;

  constructor(private readonly inner: Products) {}

  get name(): string {
    return this.inner.name;
  }

  private async timed<T>(run: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      this.seconds += (performance.now() - t0) / 1000;
    }
  }

  times(x: Float32Array, m: number, mu: Float32Array, w: Float32Array, k: number): Promise<Float32Array> {
    return this.timed(() => this.inner.times(x, m, mu, w, k));
  }

  gramTimes(x: Float32Array, m: number, mu: Float32Array, q: Float32Array, k: number): Promise<{ y: Float32Array; z: Float32Array }> {
    return this.timed(() => this.inner.gramTimes(x, m, mu, q, k));
  }

  gram(x: Float32Array, m: number, mu: Float32Array): Promise<Float32Array> {
    return this.timed(() => this.inner.gram(x, m, mu));
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}
