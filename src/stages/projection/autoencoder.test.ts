import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../core/random';
import { buildAutoencoder, encode, trainEpoch } from './autoencoder';
import { DEFAULT_AE, type AutoencoderConfig } from './autoencoderConfig';
import { layoutQuality } from './layoutQuality';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Six Gaussian clusters in 32-d: a layout should keep them apart. */
function clusters(n: number, dim: number, seed: number): { x: Float32Array; labels: string[] } {
  const r = rng(seed);
  const g = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const centres = Array.from({ length: 6 }, () => Array.from({ length: dim }, () => 3 * g()));
  const x = new Float32Array(n * dim);
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 6;
    labels.push(String(c));
    // unit variance per dimension, as the pipeline feeds it (PCA output scaled by its overall spread)
    for (let d = 0; d < dim; d++) x[i * dim + d] = (centres[c]![d]! + 0.5 * g()) / 3;
  }
  return { x, labels };
}

async function train(cfg: AutoencoderConfig, x: Float32Array, epochs: number) {
  const ae = buildAutoencoder(cfg);
  const opt = tf.train.adam(cfg.learningRate);
  const random = rng(cfg.seed);
  const xt = tf.tensor2d(x, [x.length / cfg.input, cfg.input]);
  const losses = [];
  for (let e = 0; e < epochs; e++) losses.push(await trainEpoch(ae, cfg, opt, xt, random));
  const codes = await encode(ae, x, cfg.input);
  xt.dispose();
  return { losses, codes };
}

describe('autoencoder', () => {
  const cfg: AutoencoderConfig = { ...DEFAULT_AE, input: 32, batchSize: 128, learningRate: 3e-3, seed: 5 };
  const { x, labels } = clusters(1200, 32, 2);

  it('learns a 2-D code that keeps clusters apart, with the regularised spread', async () => {
    const { losses, codes } = await train(cfg, x, 15);
    expect(losses.at(-1)!.total).toBeLessThan(losses[0]!.total * 0.7);
    expect(losses.at(-1)!.reconstruction).toBeLessThan(losses[0]!.reconstruction);
    expect(codes.every((v) => v > -1 && v < 1)).toBe(true);
    // standard deviation of each code axis near the 0.3 target
    for (const axis of [0, 1]) {
      const v = Array.from({ length: codes.length / 2 }, (_, i) => codes[2 * i + axis]!);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
      expect(sd).toBeGreaterThan(0.15);
      expect(sd).toBeLessThan(0.45);
    }
    const q = layoutQuality(x, 32, codes, 10, labels, 300);
    expect(q.labelAccuracy!).toBeGreaterThan(0.9); // chance ≈ 1/6
  }, 120_000);

  it('is reproducible with a seed', async () => {
    const a = (await train(cfg, x.subarray(0, 300 * 32), 2)).codes;
    const b = (await train(cfg, x.subarray(0, 300 * 32), 2)).codes;
    expect(Array.from(a)).toEqual(Array.from(b));
  }, 60_000);
});
