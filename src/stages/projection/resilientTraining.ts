// Autoencoder epochs that survive a lost GPU. A WebGPU device can go away in
// the middle of a long training (a driver reset, the browser reclaiming it,
// SwiftShader's "A valid external Instance reference no longer exists"); its
// tensors go with it. So on the GPU the weights are read back after every
// finished epoch (a 256→2→256 network: about 30,000 numbers), and when an epoch
// fails there the training goes on on the CPU path from the last finished epoch,
// with a fresh optimiser, instead of starting again. Worker only (tfjs).
import * as tf from '@tensorflow/tfjs';
import { buildAutoencoder, encode, trainEpoch, type Autoencoder } from './autoencoder';
import type { AutoencoderConfig, LossParts } from './autoencoderConfig';
import type { Weights } from './warmStart';

export interface TrainingHooks {
  /** true while the backend in use can lose its device (WebGPU) */
  onGpu(): boolean;
  /** switches to the CPU path; returns its name */
  fallback(): Promise<string>;
  onEpoch(epoch: number, loss: LossParts): void;
  /** the GPU failed before `epoch`; training goes on on `backend` */
  onLost(epoch: number, backend: string, error: unknown): void;
  stop(): boolean;
  /** one epoch (tests put a failing one in) */
  epoch?: typeof trainEpoch;
}

async function readWeights(ae: Autoencoder): Promise<{ encoder: Weights; decoder: Weights }> {
  const read = (m: tf.Sequential) => Promise.all(m.getWeights().map(async (w) => ({ data: (await w.data()) as Float32Array, shape: w.shape })));
  return { encoder: await read(ae.encoder), decoder: await read(ae.decoder) };
}

/** A network with the given weights (a decoder left out keeps its random start). */
function rebuild(cfg: AutoencoderConfig, saved: { encoder: Weights; decoder: Weights | null } | null): Autoencoder {
  const ae = buildAutoencoder(cfg);
  const set = (m: tf.Sequential, w: Weights) => {
    const tensors = w.map((v) => tf.tensor(v.data, v.shape));
    m.setWeights(tensors);
    tf.dispose(tensors);
  };
  if (saved) {
    set(ae.encoder, saved.encoder);
    if (saved.decoder) set(ae.decoder, saved.decoder);
  }
  return ae;
}

/** Disposes tensors that may live on a lost device (where disposing can itself fail). */
function drop(...items: ({ dispose(): void } | null)[]): void {
  for (const t of items)
    try {
      t?.dispose();
    } catch {
      // gone with the device
    }
}

/**
 * Trains `epochs` epochs on x (n × cfg.input, already in PCA space) and returns the codes of every row, the
 * network and the losses. `start`: weights to begin from (a warm-started retrain) instead of random ones. A GPU
 * failure mid-way moves the work to the CPU path once, from the last finished epoch.
 */
export async function trainAndEncode(
  cfg: AutoencoderConfig, x: Float32Array, epochs: number, random: () => number, hooks: TrainingHooks,
  start: { encoder: Weights; decoder: Weights | null } | null = null,
): Promise<{ ae: Autoencoder; codes: Float32Array; losses: LossParts[] }> {
  const n = x.length / cfg.input;
  const step = hooks.epoch ?? trainEpoch;
  let ae = rebuild(cfg, start);
  let opt: tf.Optimizer = tf.train.adam(cfg.learningRate);
  let xt = tf.tensor2d(x, [n, cfg.input]);
  let saved: { encoder: Weights; decoder: Weights | null } | null = start;
  let lost = false;
  const losses: LossParts[] = [];
  const recover = async (epoch: number, e: unknown) => {
    if (lost || !hooks.onGpu()) throw e;
    lost = true;
    drop(xt, opt, ae.encoder, ae.decoder);
    const backend = await hooks.fallback();
    ae = rebuild(cfg, saved);
    opt = tf.train.adam(cfg.learningRate);
    xt = tf.tensor2d(x, [n, cfg.input]);
    hooks.onLost(epoch, backend, e);
  };
  try {
    for (let epoch = 1; epoch <= epochs && !hooks.stop(); ) {
      try {
        const loss = await step(ae, cfg, opt, xt, random);
        if (hooks.onGpu()) saved = await readWeights(ae);
        losses.push(loss);
        hooks.onEpoch(epoch, loss);
        epoch++;
      } catch (e) {
        await recover(epoch, e);
      }
      await new Promise((r) => setTimeout(r, 0)); // let a "stop" message in
    }
    // Encoding reads the codes back: where the device goes now, the trained weights are already saved.
    for (;;) {
      try {
        return { ae, codes: await encode(ae, x, cfg.input), losses };
      } catch (e) {
        await recover(losses.length + 1, e);
      }
    }
  } finally {
    drop(xt, opt);
  }
}
