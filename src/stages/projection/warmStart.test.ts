import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { normal, rng } from '../../core/random';
import { alignTransform, meanDisplacement } from './align';
import { buildAutoencoder, encode, outputKernelIndex } from './autoencoder';
import { DEFAULT_AE, type AutoencoderConfig } from './autoencoderConfig';
import { applyStretch, fitStretch, transformPoints } from './percentileStretch';
import { trainAndEncode, type TrainingHooks } from './resilientTraining';
import { symmetricEigen } from './smallLinalg';
import { basisChange, moveInputLayer, moveNetwork, type PcaBasis, type Weights } from './warmStart';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const D = 40;

/** Frames of six scenes in a 12-d subspace of D-d features, plus a little noise everywhere, far from 0. */
function features(n: number, seed: number): Float32Array {
  const g = normal(seed);
  const basis = normal(99); // the same scenes and subspace for every call
  const axes = Array.from({ length: 12 * D }, basis);
  const centres = Array.from({ length: 6 * 12 }, () => 3 * basis());
  const out = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    const c = i % 6;
    const z = Array.from({ length: 12 }, (_, j) => centres[c * 12 + j]! + 0.6 * g());
    for (let r = 0; r < D; r++) {
      let v = 5 + 0.05 * g();
      for (let j = 0; j < 12; j++) v += (axes[j * D + r]! * z[j]!) / Math.sqrt(D);
      out[i * D + r] = v;
    }
  }
  return out;
}

/** Exact PCA to k axes (float64 covariance), scaled as the worker scales it; `flip` turns some axes round. */
function pca(f: Float32Array, k: number, flip = false): PcaBasis {
  const n = f.length / D;
  const mean = new Float32Array(D);
  for (let i = 0; i < n; i++) for (let r = 0; r < D; r++) mean[r]! += f[i * D + r]! / n;
  const cov = new Float64Array(D * D);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) cov[a * D + b]! += ((f[i * D + a]! - mean[a]!) * (f[i * D + b]! - mean[b]!)) / n;
  const { values, vectors } = symmetricEigen(cov, D);
  const components = new Float32Array(k * D);
  for (let i = 0; i < k; i++) for (let r = 0; r < D; r++) components[i * D + r] = vectors[r * D + i]! * (flip && i % 2 ? -1 : 1);
  const scale = Math.sqrt(values.slice(0, k).reduce((a, b) => a + b, 0) / k);
  return { dim: D, k, mean, components, scale };
}

function projected(b: PcaBasis, f: Float32Array): Float32Array {
  const n = f.length / D;
  const out = new Float32Array(n * b.k);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < b.k; j++) {
      let s = 0;
      for (let r = 0; r < D; r++) s += (f[i * D + r]! - b.mean[r]!) * b.components[j * D + r]!;
      out[i * b.k + j] = s / b.scale;
    }
  return out;
}

/** Rows of x (n×k) times m (k×p) plus shift. */
function affine(x: Float32Array, k: number, m: Float32Array, p: number, shift: Float32Array): Float32Array {
  const n = x.length / k;
  const out = new Float32Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) {
    let s = shift[j]!;
    for (let t = 0; t < k; t++) s += x[i * k + t]! * m[t * p + j]!;
    out[i * p + j] = s;
  }
  return out;
}

const rms = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length);
const spread = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);

const hooks: TrainingHooks = { onGpu: () => false, fallback: () => Promise.resolve('cpu'), onEpoch: () => undefined, onLost: () => undefined, stop: () => false };

async function weightsOf(m: tf.Sequential): Promise<Weights> {
  return Promise.all(m.getWeights().map(async (w) => ({ data: (await w.data()) as Float32Array, shape: w.shape })));
}

describe('warm start across a refitted PCA', () => {
  // The first layout: 96 frames (its PCA keeps fewer axes); the retrain: those and 1,104 more, a new PCA.
  const early = features(96, 1);
  const all = new Float32Array([...early, ...features(1104, 2)]);
  const prev = pca(early, 10);
  const next = pca(all, 16, true);

  it('maps new PCA coordinates onto old ones and back through the subspace both keep', () => {
    const change = basisChange(next, prev);
    const xOld = projected(prev, all), xNew = projected(next, all);
    const toOld = affine(xNew, next.k, change.toOld, prev.k, change.oldShift);
    expect(rms(toOld, xOld) / spread(xOld)).toBeLessThan(0.05);
    const toNew = affine(xOld, prev.k, change.toNew, next.k, change.newShift);
    // the old basis keeps fewer axes: only the new coordinates it can see come back
    const kept = (v: Float32Array) => v.filter((_, i) => i % next.k < 8);
    expect(rms(kept(toNew), kept(xNew)) / spread(kept(xNew))).toBeLessThan(0.05);
  });

  it('a first layer moved onto the new basis computes what it computed on the old one', () => {
    const change = basisChange(next, prev);
    const r = rng(4);
    const kernel = Float32Array.from({ length: prev.k * 7 }, () => r() - 0.5), bias = Float32Array.from({ length: 7 }, () => r() - 0.5);
    const moved = moveInputLayer(kernel, bias, change);
    const before = affine(projected(prev, all), prev.k, kernel, 7, bias);
    const after = affine(projected(next, all), next.k, moved.kernel, 7, moved.bias);
    expect(rms(after, before) / spread(before)).toBeLessThan(0.05);
    expect(() => moveInputLayer(kernel, bias, basisChange(prev, next))).toThrow(/16-input/);
  });

  it('the moved network places every frame where the old one did, and a warm retrain moves the map less than a cold one', async () => {
    const cfgOld: AutoencoderConfig = { ...DEFAULT_AE, input: prev.k, hiddenFrom: 32, batchSize: 32, seed: 2 };
    const cfgNew: AutoencoderConfig = { ...cfgOld, input: next.k, batchSize: 128 };
    const first = await trainAndEncode(cfgOld, projected(prev, early), 30, rng(1), hooks);
    const xNew = projected(next, all);
    const oldCodes = await encode(first.ae, projected(prev, all), prev.k);
    const start = moveNetwork(await weightsOf(first.ae.encoder), await weightsOf(first.ae.decoder), outputKernelIndex(first.ae), basisChange(next, prev));
    // every weight fits the new network (a 16-input one, built from the same hidden widths)
    const moved = buildAutoencoder(cfgNew);
    expect(start.encoder.map((w) => w.shape)).toEqual(moved.encoder.getWeights().map((w) => w.shape));
    expect(start.decoder!.map((w) => w.shape)).toEqual(moved.decoder.getWeights().map((w) => w.shape));
    moved.encoder.setWeights(start.encoder.map((w) => tf.tensor(w.data, w.shape)));
    const movedCodes = await encode(moved, xNew, next.k);
    expect(rms(movedCodes, oldCodes) / spread(oldCodes)).toBeLessThan(0.05);

    // The map as it is, and the retrain after alignment (the app turns it onto the map), warm and cold.
    const stretch = fitStretch(oldCodes);
    const shown = applyStretch(stretch, oldCodes);
    const shift = async (from: typeof start | null) => {
      const run = await trainAndEncode(cfgNew, xNew, 8, rng(3), hooks, from);
      const coords = applyStretch(fitStretch(run.codes), run.codes);
      const t = alignTransform(shown, coords);
      return meanDisplacement(shown, transformPoints(coords, t));
    };
    const warm = await shift(start), cold = await shift(null);
    console.log(`retrain shift after alignment: warm ${warm.toFixed(3)}, cold ${cold.toFixed(3)}`);
    expect(warm).toBeLessThan(0.5 * cold);
  }, 60_000);
});
