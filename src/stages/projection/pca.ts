// PCA that scales to 100,000 frames of 4096-d features: the covariance is
// accumulated chunk by chunk (never all features at once), then the top-k
// eigenvectors come from randomised subspace iteration, whose big steps are
// matrix products on the tfjs backend (WebGPU/WebGL/wasm/cpu) and whose small
// steps (Cholesky, a k×k eigen-problem) run in float64 JS.
import * as tf from '@tensorflow/tfjs';
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

/** Streams rows in; keeps Σ(x−s) and Σ(x−s)(x−s)ᵀ around a shift s (the first chunk's mean) for accuracy. */
export class CovarianceAccumulator {
  private shift: Float32Array | null = null;
  private sum: Float64Array;
  private outer: tf.Variable<tf.Rank.R2>;
  n = 0;

  constructor(readonly dim: number) {
    this.sum = new Float64Array(dim);
    this.outer = tf.variable(tf.zeros([dim, dim]), false);
  }

  add(rows: Float32Array): void {
    const m = rows.length / this.dim;
    if (!m) return;
    if (!this.shift) {
      this.shift = new Float32Array(this.dim);
      for (let i = 0; i < m; i++) for (let d = 0; d < this.dim; d++) this.shift[d]! += rows[i * this.dim + d]! / m;
    }
    for (let i = 0; i < m; i++) for (let d = 0; d < this.dim; d++) this.sum[d]! += rows[i * this.dim + d]! - this.shift[d]!;
    tf.tidy(() => {
      const x = tf.tensor2d(rows, [m, this.dim]).sub(tf.tensor1d(this.shift!));
      this.outer.assign(this.outer.add(tf.matMul(x, x, true, false)));
    });
    this.n += m;
  }

  /** Mean and covariance (the caller disposes the tensor). */
  finish(): { mean: Float32Array; cov: tf.Tensor2D } {
    const n = this.n;
    const mu = Float64Array.from(this.sum, (s) => s / n);
    const cov = tf.tidy(() => {
      const m = tf.tensor1d(Float32Array.from(mu)).reshape([this.dim, 1]);
      return this.outer.div(n).sub(tf.matMul(m, m, false, true)) as tf.Tensor2D;
    });
    this.outer.dispose();
    const mean = Float32Array.from(mu, (v, d) => v + this.shift![d]!);
    return { mean, cov };
  }
}

/** Orthonormal columns spanning z's, computed in float64 on the CPU (k ≪ dim, so this is cheap next to C·Q). */
function orthonormalize(z: tf.Tensor2D): tf.Tensor2D {
  const [d, k] = z.shape;
  const q = orthonormalizeColumns(Float64Array.from(z.dataSync()), d, k);
  return tf.tensor2d(Float32Array.from(q), [d, k]);
}

export interface PcaOptions {
  oversample?: number;
  iterations?: number;
  seed?: number;
}

export async function pcaFromCovariance(mean: Float32Array, cov: tf.Tensor2D, k: number, opts: PcaOptions = {}): Promise<PcaModel> {
  const dim = cov.shape[0];
  const kk = Math.min(dim, k + (opts.oversample ?? 16));
  const start = tf.randomNormal([dim, kk], 0, 1, 'float32', opts.seed ?? 1) as tf.Tensor2D;
  let q = orthonormalize(start);
  start.dispose();
  for (let i = 0; i < (opts.iterations ?? 6); i++) {
    const z = tf.matMul(cov, q) as tf.Tensor2D;
    q.dispose();
    q = orthonormalize(z);
    z.dispose();
    await tf.nextFrame?.().catch(() => undefined);
  }
  // Rayleigh–Ritz: the small problem QᵀCQ gives eigenvalues and rotates Q onto the eigenvectors.
  const b = Float64Array.from(tf.tidy(() => tf.matMul(q, tf.matMul(cov, q), true, false)).dataSync());
  const { values, vectors } = symmetricEigen(b, kk);
  const u = tf.tensor2d(Float32Array.from(vectors), [kk, kk]).slice([0, 0], [kk, k]);
  const axes = tf.tidy(() => tf.matMul(q, u).transpose()); // k×dim
  const components = Float32Array.from(axes.dataSync());
  const totalVariance = (await tf.tidy(() => cov.mul(tf.eye(dim)).sum()).data())[0]!;
  [q, u, axes].forEach((t) => t.dispose());
  const eigenvalues = Float32Array.from(values.slice(0, k));
  const retained = eigenvalues.reduce((a, b) => a + b, 0) / totalVariance;
  return { dim, k, mean, components, eigenvalues, totalVariance, retained };
}

/** Rows projected onto the principal axes (rows×k). */
export function project(model: PcaModel, rows: Float32Array): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor2d(rows, [rows.length / model.dim, model.dim]).sub(tf.tensor1d(model.mean));
    return tf.matMul(x, tf.tensor2d(model.components, [model.k, model.dim]), false, true).dataSync() as Float32Array;
  });
}
