// Projection worker: PCA of every stored frame vector (streamed per video),
// then a 2-D layout (the reference autoencoder, PCA-2D or UMAP), the
// percentile stretch, quality figures, and the result in OPFS.
import * as tf from '@tensorflow/tfjs';
import { UMAP } from 'umap-js';
import { concat } from '../../core/concat';
import { AppError } from '../../core/errors';
import { probeGpu } from '../../core/gpuProbe';
import { rng } from '../../core/random';
import { serve } from '../../rpc/workerRpc';
import { notInThisBuild } from '../../core/testBuild';
import { readFeatures } from '../../storage/featureStore';
import { indexBlocks, loadLayout, loadLayoutIndex, loadLayoutModel, saveLayout, type IndexHeader } from '../../storage/layoutStore';
import { buildAutoencoder, encode, trainEpoch, type Autoencoder } from './autoencoder';
import { DEFAULT_AE, type AutoencoderConfig, type LossParts } from './autoencoderConfig';
import { layoutQuality } from './layoutQuality';
import { CovarianceAccumulator, pcaFromCovariance, project, type PcaModel } from './pca';
import { applyStretch, fitStretch } from './percentileStretch';
import type {
  BenchMethodResult, BenchRequest, BenchResult, LayoutMeta, LayoutMethod, LayoutVideo, PlaceRequest, ProjectionEvent, ProjectionProtocol, TrainRequest,
} from './projection.protocol';
import { syntheticRows } from './syntheticFeatures';
import { pickBackend } from './tfBackend';

let backend: Promise<string> | null = null;
let stopRequested = false;

const ensureBackend = () => (backend ??= probeGpu().then(pickBackend));

async function videoFeatures(model: string, dim: number, v: LayoutVideo): Promise<Float32Array> {
  const { count, data } = await readFeatures(v.id, model, dim);
  if (count < v.frames) throw new AppError('internal', 'projection', `${v.name} has features for ${count} of ${v.frames} frames`);
  return data.subarray(0, v.frames * dim);
}

function aeConfig(req: { pcaDim: number; codeStd: number; weights: AutoencoderConfig['weights']; seed: number }): AutoencoderConfig {
  return { ...DEFAULT_AE, input: req.pcaDim, codeStd: req.codeStd, weights: req.weights, seed: req.seed };
}

/** PCA mean and axes, then the encoder's weights: everything needed to place new frames. */
function packModel(pca: PcaModel, ae: Autoencoder | null): Float32Array {
  return concat(Float32Array, [pca.mean, pca.components, ...(ae ? ae.encoder.getWeights().map((w) => w.dataSync() as Float32Array) : [])]);
}

/** Trains; if WebGPU fails on the way (device lost, watchdog), trains again on WebGL or the CPU and says so. */
async function train(req: TrainRequest, emit: (e: ProjectionEvent) => void): Promise<LayoutMeta> {
  await ensureBackend();
  try {
    return await trainOn(req, emit);
  } catch (e) {
    if (tf.getBackend() !== 'webgpu') throw e;
    const next = (await tf.setBackend('webgl').catch(() => false)) ? 'webgl' : 'cpu';
    await tf.setBackend(next);
    backend = Promise.resolve(next);
    emit({ type: 'stage', stage: 'training', detail: `WebGPU failed (${AppError.from(e, 'projection').message}); again on ${next}` });
    return trainOn(req, emit);
  }
}

async function trainOn(req: TrainRequest, emit: (e: ProjectionEvent) => void): Promise<LayoutMeta> {
  const started = performance.now();
  stopRequested = false;
  const n = req.videos.reduce((s, v) => s + v.frames, 0);
  if (n < 3) throw new AppError('internal', 'projection', `a layout needs at least 3 frames with features (have ${n})`);
  const k = Math.max(2, Math.min(req.pcaDim, req.dim, n - 1));

  // Pass 1: covariance, one video at a time (never every feature at once).
  const acc = new CovarianceAccumulator(req.dim);
  for (const [i, v] of req.videos.entries()) {
    emit({ type: 'stage', stage: 'reading', detail: `${i + 1}/${req.videos.length}` });
    acc.add(await videoFeatures(req.model, req.dim, v));
  }
  emit({ type: 'stage', stage: 'pca', detail: `${req.dim} → ${k}` });
  const { mean, cov } = acc.finish();
  const pca = await pcaFromCovariance(mean, cov, k, { seed: req.seed });
  cov.dispose();

  // Pass 2: every frame in PCA space, scaled to unit variance per axis on average.
  const x = new Float32Array(n * k);
  let o = 0;
  for (const v of req.videos) {
    const p = project(pca, await videoFeatures(req.model, req.dim, v));
    x.set(p, o);
    o += p.length;
  }
  const scale = Math.sqrt(pca.eigenvalues.reduce((a, b) => a + b, 0) / k) || 1;
  for (let i = 0; i < x.length; i++) x[i]! /= scale;

  let codes: Float32Array;
  let ae: Autoencoder | null = null;
  const losses: LossParts[] = [];
  if (req.method === 'autoencoder') {
    const cfg = aeConfig({ ...req, pcaDim: k });
    ae = buildAutoencoder(cfg);
    const opt = tf.train.adam(cfg.learningRate);
    const random = rng(req.seed);
    const xt = tf.tensor2d(x, [n, k]);
    for (let epoch = 1; epoch <= req.epochs && !stopRequested; epoch++) {
      const loss = trainEpoch(ae, cfg, opt, xt, random);
      losses.push(loss);
      emit({ type: 'epoch', epoch, epochs: req.epochs, loss });
      await new Promise((r) => setTimeout(r, 0)); // let a "stop" message in
    }
    xt.dispose();
    codes = encode(ae, x, k);
  } else if (req.method === 'pca') {
    codes = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      codes[2 * i] = x[i * k]!;
      codes[2 * i + 1] = x[i * k + 1]!;
    }
  } else {
    emit({ type: 'stage', stage: 'layout', detail: 'UMAP' });
    const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * k, (i + 1) * k)));
    const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(15, n - 1), random: rng(req.seed) });
    codes = Float32Array.from((await umap.fitAsync(rows)).flat());
  }

  const stretch = fitStretch(codes);
  const coords = applyStretch(stretch, codes);
  emit({ type: 'stage', stage: 'quality', detail: 'k = 10' });
  const labels = req.videos.flatMap((v) => Array.from({ length: v.frames }, () => v.label ?? ''));
  const hasLabels = new Set(labels).size > 1;
  const quality = layoutQuality(x, k, coords, 10, hasLabels ? labels : null, 1000);
  const sameVideo = layoutQuality(x, k, coords, 10, req.videos.flatMap((v) => Array.from({ length: v.frames }, () => v.id)), 1000).labelAccuracy ?? 0;
  const meta: LayoutMeta = {
    name: req.name, model: req.model, dim: req.dim, method: req.method, videos: req.videos, frames: n, pcaDim: k,
    retained: pca.retained, scale, stretch, quality, sameVideo, losses, epochs: losses.length, seed: req.seed,
    codeStd: req.codeStd, weights: req.weights, backend: tf.getBackend(), seconds: (performance.now() - started) / 1000, createdAt: Date.now(),
  };
  // The PCA axes are kept for every method: new frames and search queries are projected through them.
  const index = { trained: meta.createdAt, dim: k, videos: req.videos.map((v) => ({ id: v.id as string, rows: v.frames })) };
  await saveLayout(req.name, meta, coords, packModel(pca, ae), { header: index, values: x });
  ae?.encoder.dispose();
  ae?.decoder.dispose();
  return meta;
}

/** New videos go into an existing layout through its PCA and encoder: no retraining. */
async function place(req: PlaceRequest): Promise<LayoutMeta> {
  await ensureBackend();
  const current = await loadLayout<LayoutMeta>(req.name);
  const packed = await loadLayoutModel(req.name);
  if (!current || !packed || current.meta.method === 'umap') throw new AppError('internal', 'projection', 'this layout cannot place new frames (UMAP layouts need retraining)');
  const { meta } = current;
  // Coordinates written for a placement whose description a reload cut off: not part of this layout.
  if (current.coords.length < 2 * meta.frames) throw new AppError('internal', 'projection', `the stored layout has coordinates for ${current.coords.length / 2} of its ${meta.frames} frames: retrain it`);
  const coords = current.coords.subarray(0, 2 * meta.frames);
  const known = new Set<string>(meta.videos.map((v) => v.id));
  const fresh = req.videos.filter((v) => !known.has(v.id));
  if (!fresh.length) return meta;
  const k = meta.pcaDim;
  const pca: PcaModel = { dim: meta.dim, k, mean: packed.subarray(0, meta.dim), components: packed.subarray(meta.dim, meta.dim + k * meta.dim), eigenvalues: new Float32Array(k), totalVariance: 0, retained: meta.retained };
  let ae: Autoencoder | null = null;
  if (meta.method === 'autoencoder') {
    ae = buildAutoencoder(aeConfig(meta));
    let o = meta.dim + k * meta.dim;
    ae.encoder.setWeights(ae.encoder.getWeights().map((w) => {
      const t = tf.tensor(packed.subarray(o, o + w.size), w.shape);
      o += w.size;
      return t;
    }));
  }
  const added: Float32Array[] = [];
  const addedPca: Float32Array[] = [];
  for (const v of fresh) {
    const x = project(pca, await videoFeatures(meta.model, meta.dim, v)).map((val) => val / meta.scale);
    addedPca.push(x);
    let codes: Float32Array;
    if (ae) codes = encode(ae, x, k);
    else codes = Float32Array.from({ length: v.frames * 2 }, (_, j) => x[Math.floor(j / 2) * k + (j % 2)]!);
    added.push(meta.stretch ? applyStretch(meta.stretch, codes) : codes);
  }
  const all = concat(Float32Array, [coords, ...added]);
  const next: LayoutMeta = { ...meta, videos: [...meta.videos, ...fresh], frames: all.length / 2 };
  await saveLayout(req.name, next, all, packed, await extendIndex(req.name, meta, fresh, addedPca));
  ae?.encoder.dispose();
  ae?.decoder.dispose();
  return next;
}

/**
 * The stored search index with the placed videos' rows appended: the rows it holds for the layout's other videos
 * stay (whatever they are; the search stage fills in what is missing when it opens the index).
 */
async function extendIndex(name: string, meta: LayoutMeta, fresh: LayoutVideo[], rows: Float32Array[]): Promise<{ header: IndexHeader; values: Float32Array }> {
  const k = meta.pcaDim;
  const stored = await loadLayoutIndex(name);
  const blocks = indexBlocks(stored, { trained: meta.createdAt, dim: k, videos: meta.videos.map((v) => ({ id: v.id, frames: v.frames })) });
  const kept = blocks.filter((b) => meta.videos.some((v) => v.id === b.id) && !fresh.some((v) => v.id === b.id));
  const header: IndexHeader = {
    trained: meta.createdAt, dim: k,
    videos: [...kept.map((b) => ({ id: b.id, rows: b.rows })), ...fresh.map((v) => ({ id: v.id as string, rows: v.frames }))],
  };
  const values = concat(Float32Array, [...kept.map((b) => stored!.values.subarray(b.start * k, (b.start + b.rows) * k)), ...rows]);
  return { header, values };
}

/** PCA, autoencoder training and layout quality on synthetic 4096-d "videos", timed on one backend. */
async function bench(req: BenchRequest, emit: (e: ProjectionEvent) => void): Promise<BenchResult> {
  if (!(await tf.setBackend(req.backend).catch(() => false))) throw new AppError('internal', 'projection', `tfjs backend ${req.backend} is not available`);
  await tf.ready();
  backend = Promise.resolve(req.backend);
  const spec = { frames: req.frames, dim: req.dim, videos: req.videos, seed: req.seed };
  const CHUNK = 2000;
  const t0 = performance.now();
  const acc = new CovarianceAccumulator(req.dim);
  for (let s = 0; s < req.frames; s += CHUNK) {
    emit({ type: 'stage', stage: 'pca', detail: `${s}/${req.frames}` });
    acc.add(syntheticRows(spec, s, Math.min(CHUNK, req.frames - s)).rows);
  }
  const { mean, cov } = acc.finish();
  const pca = await pcaFromCovariance(mean, cov, req.pcaDim, { seed: req.seed });
  cov.dispose();
  const k = req.pcaDim;
  const x = new Float32Array(req.frames * k);
  const labels: string[] = [];
  for (let s = 0; s < req.frames; s += CHUNK) {
    const { rows, video } = syntheticRows(spec, s, Math.min(CHUNK, req.frames - s));
    x.set(project(pca, rows), s * k);
    video.forEach((v) => labels.push(String(v)));
  }
  const pcaSeconds = (performance.now() - t0) / 1000;
  const scale = Math.sqrt(pca.eigenvalues.reduce((a, b) => a + b, 0) / k) || 1;
  for (let i = 0; i < x.length; i++) x[i]! /= scale;

  const methods: BenchMethodResult[] = [];
  let aeSecondsPerEpoch: number;
  const measure = (method: LayoutMethod, codes: Float32Array, seconds: number) => {
    emit({ type: 'stage', stage: 'quality', detail: method });
    const coords = applyStretch(fitStretch(codes), codes);
    const q = layoutQuality(x, k, coords, 10, labels, 1000);
    methods.push({ method, seconds, trustworthiness: q.trustworthiness, continuity: q.continuity, recall: q.recall, sameVideo: q.labelAccuracy ?? 0 });
  };
  {
    const cfg = aeConfig({ pcaDim: k, codeStd: DEFAULT_AE.codeStd, weights: DEFAULT_AE.weights, seed: req.seed });
    const ae = buildAutoencoder(cfg);
    const opt = tf.train.adam(cfg.learningRate);
    const random = rng(req.seed);
    const xt = tf.tensor2d(x, [req.frames, k]);
    const t1 = performance.now();
    for (let e = 1; e <= req.epochs; e++) {
      const loss = trainEpoch(ae, cfg, opt, xt, random);
      emit({ type: 'epoch', epoch: e, epochs: req.epochs, loss });
    }
    const seconds = (performance.now() - t1) / 1000;
    aeSecondsPerEpoch = seconds / req.epochs;
    xt.dispose();
    measure('autoencoder', encode(ae, x, k), seconds);
    ae.encoder.dispose();
    ae.decoder.dispose();
  }
  {
    const t1 = performance.now();
    const codes = Float32Array.from({ length: req.frames * 2 }, (_, j) => x[Math.floor(j / 2) * k + (j % 2)]!);
    measure('pca', codes, (performance.now() - t1) / 1000);
  }
  if (req.frames <= req.umapMax) {
    emit({ type: 'stage', stage: 'layout', detail: 'UMAP' });
    const t1 = performance.now();
    const rows = Array.from({ length: req.frames }, (_, i) => Array.from(x.subarray(i * k, (i + 1) * k)));
    const codes = Float32Array.from((await new UMAP({ nComponents: 2, nNeighbors: 15, random: rng(req.seed) }).fitAsync(rows)).flat());
    measure('umap', codes, (performance.now() - t1) / 1000);
  }
  return { backend: req.backend, frames: req.frames, dim: req.dim, pcaDim: k, pcaSeconds, retained: pca.retained, aeSecondsPerEpoch, methods };
}

serve<ProjectionProtocol>('projection', {
  bench: __TEST_API__ ? bench : notInThisBuild('projection'),
  train,
  place,
  stop: () => {
    stopRequested = true;
    return null;
  },
});
