// The reference design's autoencoder (256 → 50 → 10 → 2 → 6 → 22 → 76 → 256)
// and its training step: reconstruction MSE + an activity regulariser pulling
// the code's mean to 0 and its standard deviation to a target (0.3) + the
// triplet log-ratio loss, which keeps the ratios of distances of random frame
// triplets. Plain tfjs, so it runs in a worker on WebGPU and in Node tests.
import * as tf from '@tensorflow/tfjs';
import type { AutoencoderConfig, LossParts } from './autoencoderConfig';
import { autoencoderShape } from './layerSizes';
import { TRIPLET_EPSILON } from './tripletLoss';

export interface Autoencoder {
  encoder: tf.Sequential;
  decoder: tf.Sequential;
}

export function buildAutoencoder(cfg: AutoencoderConfig): Autoencoder {
  const { encoder: enc, decoder: dec } = autoencoderShape(cfg.input, cfg.code, cfg.hiddenFrom);
  let seed = cfg.seed * 1000;
  const dense = (units: number, activation: 'elu' | 'tanh' | 'linear', inputDim?: number) =>
    tf.layers.dense({ units, activation, kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }), ...(inputDim ? { inputShape: [inputDim] } : {}) });
  const encoder = tf.sequential({ name: 'encoder' });
  enc.forEach((units, i) => {
    const last = i === enc.length - 1;
    encoder.add(dense(units, last ? 'tanh' : 'elu', i === 0 ? cfg.input : undefined));
    if (!last) encoder.add(tf.layers.batchNormalization());
  });
  const decoder = tf.sequential({ name: 'decoder' });
  dec.forEach((units, i) => {
    const last = i === dec.length - 1;
    decoder.add(dense(units, last ? 'linear' : 'elu', i === 0 ? cfg.code : undefined));
    if (!last) decoder.add(tf.layers.batchNormalization());
  });
  return { encoder, decoder };
}

/** Where the decoder's output layer's kernel sits in its getWeights list (its bias follows). */
export function outputKernelIndex(ae: Autoencoder): number {
  const kernel = ae.decoder.layers.at(-1)!.weights[0]!;
  return ae.decoder.weights.findIndex((w) => w.name === kernel.name);
}

/**
 * (r − r')² for triplets (a[i], b[i], c[i]) of rows of x (inputs) and z (codes). The codes' rows are picked by
 * one-hot matrix products rather than gather: gather's gradient needs UnsortedSegmentSum, which tfjs' WebAssembly
 * backend lacks (a 256×256 by 256×2 product per batch costs nothing). The inputs need no gradient: gather.
 */
function tripletTerm(x: tf.Tensor2D, z: tf.Tensor2D, idx: [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D]): tf.Scalar {
  const m = x.shape[0];
  const pick = idx.map((i) => tf.oneHot(i, m).toFloat() as tf.Tensor2D);
  const ratio = (t: tf.Tensor2D, rows: (t: tf.Tensor2D, k: number) => tf.Tensor2D) => {
    const [a, b, c] = [0, 1, 2].map((k) => rows(t, k));
    const ab = tf.sum(tf.square(tf.sub(a!, b!)), 1).add(TRIPLET_EPSILON);
    const bc = tf.sum(tf.square(tf.sub(b!, c!)), 1).add(TRIPLET_EPSILON);
    return tf.log(tf.div(ab, bc));
  };
  const fromX = ratio(x, (t, k) => tf.gather(t, idx[k]!));
  const fromZ = ratio(z, (t, k) => tf.matMul(pick[k]!, t));
  return tf.mean(tf.square(tf.sub(fromX, fromZ))) as tf.Scalar;
}

/** Loss of one batch, each part kept for the chart. */
export function batchLoss(ae: Autoencoder, cfg: AutoencoderConfig, x: tf.Tensor2D, triplets: [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D], training: boolean): { total: tf.Scalar; parts: tf.Scalar[] } {
  const z = ae.encoder.apply(x, { training }) as tf.Tensor2D;
  const y = ae.decoder.apply(z, { training }) as tf.Tensor2D;
  const rec = tf.losses.meanSquaredError(x, y) as tf.Scalar;
  const { mean, variance } = tf.moments(z, 0);
  const act = tf.add(tf.mean(tf.square(mean)), tf.mean(tf.square(tf.sub(tf.sqrt(tf.add(variance, 1e-8)), cfg.codeStd)))) as tf.Scalar;
  const tri = tripletTerm(x, z, triplets);
  const w = cfg.weights;
  const total = tf.addN([rec.mul(w.reconstruction), act.mul(w.activity), tri.mul(w.triplet)]) as tf.Scalar;
  return { total, parts: [rec, act, tri] };
}

/**
 * One epoch over x (n×input) in shuffled batches; returns the mean losses. The per-batch losses are summed on the
 * backend and read once at the end: a read inside the loop would stall a GPU on every batch.
 */
export async function trainEpoch(ae: Autoencoder, cfg: AutoencoderConfig, optimizer: tf.Optimizer, x: tf.Tensor2D, random: () => number): Promise<LossParts> {
  const n = x.shape[0];
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let sums = tf.zeros([4]);
  let batches = 0;
  for (let s = 0; s < n; s += cfg.batchSize) {
    const idx = order.slice(s, s + cfg.batchSize);
    if (idx.length < 4) continue; // batch norm and triplets need a few rows
    const m = idx.length;
    const tri = [0, 1, 2].map(() => tf.tensor1d(Int32Array.from({ length: m }, () => Math.floor(random() * m)), 'int32')) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    const batch = tf.gather(x, tf.tensor1d(Int32Array.from(idx), 'int32')) as tf.Tensor2D;
    let parts: tf.Scalar[] = [];
    const total = optimizer.minimize(() => {
      const r = batchLoss(ae, cfg, batch, tri, true);
      parts = r.parts.map((p) => tf.keep(p));
      return r.total;
    }, true)!;
    const next = tf.tidy(() => sums.add(tf.stack([total, ...parts])));
    sums.dispose();
    sums = next;
    batches++;
    tf.dispose([total, ...parts, batch, ...tri]);
  }
  const values = await sums.data();
  sums.dispose();
  const [total, reconstruction, activity, triplet] = Array.from(values, (v) => v / Math.max(1, batches)) as [number, number, number, number];
  return { total, reconstruction, activity, triplet };
}

/** Codes of all rows (inference mode), in chunks. */
export async function encode(ae: Autoencoder, x: Float32Array, input: number, chunk = 4096): Promise<Float32Array> {
  const n = x.length / input;
  const out = new Float32Array(n * 2);
  for (let s = 0; s < n; s += chunk) {
    const m = Math.min(chunk, n - s);
    const codes = tf.tidy(() => ae.encoder.apply(tf.tensor2d(x.subarray(s * input, (s + m) * input), [m, input]), { training: false }) as tf.Tensor);
    out.set((await codes.data()) as Float32Array, s * 2);
    codes.dispose();
  }
  return out;
}
