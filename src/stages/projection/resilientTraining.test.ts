import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../core/random';
import { trainEpoch } from './autoencoder';
import { DEFAULT_AE, type AutoencoderConfig, type LossParts } from './autoencoderConfig';
import { trainAndEncode, type TrainingHooks } from './resilientTraining';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cfg: AutoencoderConfig = { ...DEFAULT_AE, input: 16, batchSize: 64, seed: 3 };
const random = rng(9);
const x = Float32Array.from({ length: 600 * 16 }, (_, i) => Math.sin(i * 0.37) + 0.3 * (random() - 0.5));
const LOST = 'Failed to execute \'mapAsync\' on \'GPUBuffer\': A valid external Instance reference no longer exists.';

/** Hooks over tfjs' CPU backend that play a GPU until `fallback`, with an epoch that fails where asked. */
function gpuThatFails(failAt: number[]) {
  const seen = { lost: [] as number[], fallbacks: 0, epochs: 0 };
  let gpu = true;
  const hooks: TrainingHooks = {
    onGpu: () => gpu,
    fallback: async () => {
      gpu = false;
      seen.fallbacks++;
      return 'cpu';
    },
    onEpoch: () => void seen.epochs++,
    onLost: (epoch) => void seen.lost.push(epoch),
    stop: () => false,
    epoch: (...args) => {
      const attempt = ++calls;
      if (failAt.includes(attempt)) return Promise.reject(new Error(LOST));
      return trainEpoch(...args);
    },
  };
  let calls = 0;
  return { hooks, seen };
}

const totals = (l: LossParts[]) => l.map((p) => p.total);

describe('trainAndEncode', () => {
  it('goes on from the last finished epoch on the CPU path when the GPU is lost', async () => {
    const clean = await trainAndEncode(cfg, x, 8, rng(1), gpuThatFails([]).hooks);
    const { hooks, seen } = gpuThatFails([5]); // the fifth epoch fails
    const r = await trainAndEncode(cfg, x, 8, rng(1), hooks);
    expect(seen).toEqual({ lost: [5], fallbacks: 1, epochs: 8 });
    expect(r.losses).toHaveLength(8);
    expect(r.codes).toHaveLength(600 * 2);
    expect(r.codes.every(Number.isFinite)).toBe(true);
    // The first four epochs are the clean run's; the fifth goes on from the fourth's weights, not from scratch.
    expect(totals(r.losses).slice(0, 4)).toEqual(totals(clean.losses).slice(0, 4));
    expect(r.losses[4]!.total).toBeLessThan(clean.losses[2]!.total); // from scratch it would be about clean.losses[0]
    expect(r.losses[7]!.total).toBeLessThan(1.3 * clean.losses[7]!.total);
    for (const ae of [clean.ae, r.ae]) [ae.encoder, ae.decoder].forEach((m) => m.dispose());
  });

  it('a failure on the first epoch starts on the CPU from the beginning', async () => {
    const { hooks, seen } = gpuThatFails([1]);
    const r = await trainAndEncode(cfg, x, 3, rng(1), hooks);
    expect(seen).toEqual({ lost: [1], fallbacks: 1, epochs: 3 });
    expect(r.losses).toHaveLength(3);
    [r.ae.encoder, r.ae.decoder].forEach((m) => m.dispose());
  });

  it('a failure on the CPU path, or a second one, is an error', async () => {
    const cpu = gpuThatFails([2]);
    cpu.hooks.onGpu = () => false;
    await expect(trainAndEncode(cfg, x, 3, rng(1), cpu.hooks)).rejects.toThrow(/external Instance/);
    const twice = gpuThatFails([2, 3]);
    await expect(trainAndEncode(cfg, x, 4, rng(1), twice.hooks)).rejects.toThrow(/external Instance/);
    expect(twice.seen.fallbacks).toBe(1);
  });
});
