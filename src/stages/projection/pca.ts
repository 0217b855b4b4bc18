// PCA of 100,000+ frame vectors (4096-d) with flat memory: the rows are
// streamed chunk by chunk, a few passes over the feature stores, and only
// d×(k+p) matrices (plus the n×k result) are ever held.
//
// Two routes, chosen by counting multiply-adds (pcaRoute):
// - randomized (Halko–Martinsson–Tropp): each pass multiplies the covariance
//   by a d×(k+p) orthonormal block (Z = Σ Xᵀ(XQ), chunk by chunk); the last
//   pass also yields XQ, so the Rayleigh–Ritz rotation gives the projected rows
//   with no extra pass;
// - covariance: Σ XᵀX in one pass, subspace iteration on it, a second pass to
//   project: cheaper only for short vectors (d ≲ 1.5·(k+p)·passes).
// The big products run on a Products engine (products.ts); orthonormalising
// and the small eigen-problem run in float64 JS.
import { transpose, type Products } from '../../core/products/products';
import { normal } from '../../core/random';
import { orthonormalizeColumns, symmetricEigen } from './smallLinalg';

export interface PcaModel {
  dim: number;
  k: number;
  mean: Float32Array;
  /** k×dim, row i = i-th principal axis */
  components: Float32Array;
  eigenvalues: Float32Array;
  totalVariance: number;
  /** share of the variance the k axes keep */
  retained: number;
}

/** One pass over every row, in the same chunks and order each time; `visit` is awaited before the next chunk. */
export type RowPass = (visit: (rows: Float32Array, m: number) => Promise<void>) => Promise<void>;

export type PcaRoute = 'randomized' | 'covariance';

export interface PcaOptions {
  /** extra columns beyond k (accuracy of the last axes) */
  oversample?: number;
  /** passes over the data on the randomized route (≥ 2): 1 + the power iterations */
  passes?: number;
  /** subspace iterations on the covariance route (no data passes) */
  iterations?: number;
  route?: PcaRoute | 'auto';
  seed?: number;
  onPass?: (pass: number, passes: number, route: PcaRoute) => void;
}

export interface PcaResult {
  model: PcaModel;
  /** every row on the k axes, n×k, in pass order */
  projected: Float32Array;
  route: PcaRoute;
  /** passes over the data */
  passes: number;
}

const DEFAULTS = { oversample: 16, passes: 3, iterations: 6, seed: 1 };
/** Rows per product when rotating the stored last-pass rows. */
const PROJECT_ROWS = 16_384;

/** Multiply-adds of each route; the covariance route's d×d iterations count too. */
export function pcaCost(n: number, d: number, k: number, opts: PcaOptions = {}): Record<PcaRoute, number> {
  const { oversample, passes, iterations } = { ...DEFAULTS, ...opts };
  const kk = Math.min(d, k + oversample);
  return {
    randomized: passes * 2 * n * d * kk + n * kk * k,
    covariance: n * d * d + iterations * d * d * kk + n * d * k,
  };
}

export function pcaRoute(n: number, d: number, k: number, opts: PcaOptions = {}): PcaRoute {
  const c = pcaCost(n, d, k, opts);
  return c.covariance < c.randomized ? 'covariance' : 'randomized';
}

/** Running sums of one pass: Σ(x−s), Σ‖x−s‖² around a shift s (the first chunk's mean, against cancellation). */
class Moments {
  shift: Float32Array | null = null;
  readonly sum: Float64Array;
  sumSq = 0;
  n = 0;

  constructor(readonly dim: number) {
    this.sum = new Float64Array(dim);
  }

  add(rows: Float32Array, m: number): Float32Array {
    const d = this.dim;
    if (!this.shift) {
      const s = new Float64Array(d);
      for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) s[j]! += rows[i * d + j]!;
      this.shift = Float32Array.from(s, (v) => v / m);
    }
    const shift = this.shift;
    for (let i = 0; i < m; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) {
        const v = rows[o + j]! - shift[j]!;
        this.sum[j]! += v;
        this.sumSq += v * v;
      }
    }
    this.n += m;
    return shift;
  }

  /** The mean, its offset from the shift (δ = μ − s) and the total variance Σ‖x−μ‖²/n. */
  finish(): { mean: Float32Array; delta: Float64Array; total: number } {
    const delta = Float64Array.from(this.sum, (v) => v / this.n);
    const mean = Float32Array.from(delta, (v, j) => v + this.shift![j]!);
    const total = this.sumSq / this.n - delta.reduce((a, v) => a + v * v, 0);
    return { mean, delta, total };
  }
}

/**
 * A seeded standard-normal d×k start block. It needs no orthonormalising: the first pass only has to hit every
 * direction, and what it returns (CΩ) is orthonormalised before it is used again.
 */
function randomBlock(d: number, k: number, seed: number): Float64Array {
  return Float64Array.from({ length: d * k }, normal(seed));
}

/** B = Qᵀ(CQ) (on the engine), symmetrised; its eigenvectors rotate Q onto the principal axes. */
async function rayleighRitz(q: Float32Array, cq: Float64Array, d: number, kk: number, products: Products): Promise<{ values: Float64Array; vectors: Float64Array }> {
  const b = Float64Array.from(await products.times(transpose(q, d, kk), kk, new Float32Array(d), Float32Array.from(cq), kk));
  for (let i = 0; i < kk; i++) for (let j = i + 1; j < kk; j++) b[i * kk + j] = b[j * kk + i] = (b[i * kk + j]! + b[j * kk + i]!) / 2;
  return symmetricEigen(b, kk);
}

/** The first k columns of the kk×kk eigenvectors, as float32 (kk×k). */
const leading = (vectors: Float64Array, kk: number, k: number) => Float32Array.from({ length: kk * k }, (_, i) => vectors[Math.floor(i / k) * kk + (i % k)]!);

/** components (k×d) = (Q·U_k)ᵀ, the product on the engine */
async function axes(q: Float32Array, u: Float32Array, d: number, kk: number, k: number, products: Products): Promise<Float32Array> {
  return transpose(await products.times(q, d, new Float32Array(kk), u, k), d, k);
}

function model(dim: number, k: number, mean: Float32Array, components: Float32Array, values: Float64Array, total: number): PcaModel {
  const eigenvalues = Float32Array.from(values.subarray(0, k), (v) => Math.max(0, v));
  const kept = eigenvalues.reduce((a, b) => a + b, 0);
  return { dim, k, mean, components, eigenvalues, totalVariance: total, retained: total > 0 ? Math.min(1, kept / total) : 1 };
}

/** Top-k PCA of n rows of length d read through `pass`, with every row projected. */
export async function streamedPca(pass: RowPass, n: number, d: number, k: number, products: Products, opts: PcaOptions = {}): Promise<PcaResult> {
  const o = { ...DEFAULTS, ...opts };
  const route = !o.route || o.route === 'auto' ? pcaRoute(n, d, k, o) : o.route;
  return route === 'randomized' ? randomized(pass, n, d, k, products, o) : covariance(pass, n, d, k, products, o);
}

type Resolved = PcaOptions & typeof DEFAULTS;

async function randomized(pass: RowPass, n: number, d: number, k: number, products: Products, o: Resolved): Promise<PcaResult> {
  const kk = Math.min(d, k + o.oversample);
  const passes = Math.max(2, o.passes);
  const moments = new Moments(d);
  let q = randomBlock(d, kk, o.seed);
  let cq = new Float64Array(d * kk);
  let mean: Float32Array | null = null;
  const y = new Float32Array(n * kk);
  for (let p = 1; p <= passes; p++) {
    o.onPass?.(p, passes, 'randomized');
    const q32 = Float32Array.from(q);
    const z = new Float64Array(d * kk);
    let row = 0;
    await pass(async (rows, m) => {
      const centre = mean ?? moments.add(rows, m); // pass 1 centres on the shift, then on the mean
      const r = await products.gramTimes(rows, m, centre, q32, kk);
      for (let i = 0; i < z.length; i++) z[i]! += r.z[i]!;
      if (p === passes) y.set(r.y, row * kk);
      row += m;
    });
    if (row !== n) throw new Error(`PCA pass ${p} read ${row} rows, expected ${n}`);
    for (let i = 0; i < z.length; i++) z[i]! /= n;
    if (!mean) {
      // Σ(x−s)(x−s)ᵀQ/n − δδᵀQ = Σ(x−μ)(x−μ)ᵀQ/n, with δ = μ − s
      const f = moments.finish();
      mean = f.mean;
      for (let c = 0; c < kk; c++) {
        let dq = 0;
        for (let r = 0; r < d; r++) dq += f.delta[r]! * q[r * kk + c]!;
        for (let r = 0; r < d; r++) z[r * kk + c]! -= f.delta[r]! * dq;
      }
    }
    cq = z;
    if (p < passes) q = orthonormalizeColumns(cq, d, kk);
  }
  const q32 = Float32Array.from(q);
  const { values, vectors } = await rayleighRitz(q32, cq, d, kk, products);
  const u = leading(vectors, kk, k);
  // The last pass's (X−μ)Q rotated by U_k: the rows on the principal axes (in blocks: a GPU binds ≤ 128 MB at once).
  const projected = new Float32Array(n * k);
  const zeros = new Float32Array(kk);
  for (let s = 0; s < n; s += PROJECT_ROWS) {
    const m = Math.min(PROJECT_ROWS, n - s);
    projected.set(await products.times(y.subarray(s * kk, (s + m) * kk), m, zeros, u, k), s * k);
  }
  return { model: model(d, k, mean!, await axes(q32, u, d, kk, k, products), values, moments.finish().total), projected, route: 'randomized', passes };
}

async function covariance(pass: RowPass, n: number, d: number, k: number, products: Products, o: Resolved): Promise<PcaResult> {
  const kk = Math.min(d, k + o.oversample);
  o.onPass?.(1, 2, 'covariance');
  const moments = new Moments(d);
  const c64 = new Float64Array(d * d);
  await pass(async (rows, m) => {
    const g = await products.gram(rows, m, moments.add(rows, m));
    for (let i = 0; i < g.length; i++) c64[i]! += g[i]!;
  });
  const { mean, delta, total } = moments.finish();
  const c = Float32Array.from({ length: d * d }, (_, i) => c64[i]! / n - delta[Math.floor(i / d)]! * delta[i % d]!);
  const zeros = new Float32Array(d);
  let q = randomBlock(d, kk, o.seed);
  let cq = Float64Array.from(await products.times(c, d, zeros, Float32Array.from(q), kk));
  for (let i = 0; i < Math.max(1, o.iterations); i++) {
    q = orthonormalizeColumns(cq, d, kk);
    cq = Float64Array.from(await products.times(c, d, zeros, Float32Array.from(q), kk));
  }
  const q32 = Float32Array.from(q);
  const { values, vectors } = await rayleighRitz(q32, cq, d, kk, products);
  const components = await axes(q32, leading(vectors, kk, k), d, kk, k, products);
  o.onPass?.(2, 2, 'covariance');
  const projected = await projectPass(pass, n, mean, components, k, products);
  return { model: model(d, k, mean, components, values, total), projected, route: 'covariance', passes: 2 };
}

/** Every row of a pass on the axes (n×k). */
async function projectPass(pass: RowPass, n: number, mean: Float32Array, components: Float32Array, k: number, products: Products): Promise<Float32Array> {
  const w = transpose(components, k, mean.length);
  const out = new Float32Array(n * k);
  let row = 0;
  await pass(async (rows, m) => {
    out.set(await products.times(rows, m, mean, w, k), row * k);
    row += m;
  });
  return out;
}

/** Rows projected onto a model's principal axes (rows×k). */
export function project(model: PcaModel, rows: Float32Array, products: Products): Promise<Float32Array> {
  return products.times(rows, rows.length / model.dim, model.mean, transpose(model.components, model.k, model.dim), model.k);
}
