// Projection worker: PCA of every stored frame vector (streamed from the
// feature stores in chunks, its products on onnxruntime-web), then a 2-D
// layout (the reference autoencoder, PCA-2D or UMAP), the percentile stretch,
// quality figures, and the result in OPFS.
import * as tf from '@tensorflow/tfjs';
import { ort, ortWebGpu } from '../../core/ortRuntime';
import { UMAP } from 'umap-js';
import { concat } from '../../core/concat';
import { decodeHalfs } from '../../core/float16';
import { AppError } from '../../core/errors';
import { probeGpu } from '../../core/gpuProbe';
import { rng } from '../../core/random';
import { serve } from '../../rpc/workerRpc';
import { notInThisBuild } from '../../core/testBuild';
import { FeatureWriter, openFeatureRows } from '../../storage/featureStore';
import { indexBlocks, loadLayout, loadLayoutIndex, loadLayoutModel, saveLayout, type IndexHeader } from '../../storage/layoutStore';
import { removeVideoFiles, whileChanging } from '../../storage/opfs';
import type { VideoId } from '../../core/ids';
import { buildAutoencoder, encode, outputKernelIndex, trainEpoch, type Autoencoder } from './autoencoder';
import { trainAndEncode } from './resilientTraining';
import { DEFAULT_AE, type AutoencoderConfig, type LossParts } from './autoencoderConfig';
import { layoutQuality } from './layoutQuality';
import { project, streamedPca, type PcaModel, type RowPass } from './pca';
import { TimedProducts, type Products } from '../../core/products/products';
import { chooseProducts } from '../../core/products/productsOrt';
import { applyStretch, fitStretch } from './percentileStretch';
import { growRows, growthOf, grownVideos, type Growth } from './layoutGrowth';
import { basisChange, moveNetwork, unpackWeights, type PcaBasis, type Weights } from './warmStart';
import type {
  AeBench, BenchMethodResult, BenchRequest, BenchResult, LayoutMeta, LayoutMethod, LayoutVideo, PcaBench, PlaceRequest, ProjectionEvent, ProjectionProtocol, TrainRequest,
} from './projection.protocol';
import { syntheticRows } from './syntheticFeatures';
import { backendCandidates, pickBackend, webglIsSoftware, type BackendTiming } from './tfBackend';

/** Rows per chunk of a streamed pass: 32 MB of float32 at 4096-d. */
const CHUNK_ROWS = 2048;
const OVERSAMPLE = 16;

let backend: Promise<{ backend: string; timings: BackendTiming[] }> | null = null;
let products: Promise<Products> | null = null;
let stopRequested = false;

/** The tfjs backend for training, measured once per worker on a few real batches at the layout's input size. */
const ensureBackend = (input: number) =>
  (backend ??= probeGpu().then((gpu) => pickBackend(backendCandidates(gpu, webglIsSoftware()), () => trainingProbe(input))));

/** Four batches of the real autoencoder on random rows. */
async function trainingProbe(input: number): Promise<void> {
  const cfg = aeConfig({ pcaDim: input, codeStd: DEFAULT_AE.codeStd, weights: DEFAULT_AE.weights, seed: 1 });
  const ae = buildAutoencoder(cfg);
  const x = tf.randomNormal([4 * cfg.batchSize, input], 0, 1, 'float32', 1) as tf.Tensor2D;
  try {
    await trainEpoch(ae, cfg, tf.train.adam(cfg.learningRate), x, rng(1));
  } finally {
    x.dispose();
    ae.encoder.dispose();
    ae.decoder.dispose();
  }
}

/** Where PCA's products run: measured once per worker at the first layout's sizes (core/products). */
const ensureProducts = (d: number, k: number) => (products ??= probeGpu().then((gpu) => chooseProducts(ort, gpu, d, k, ortWebGpu)));

/**
 * One pass over the videos' stored features in chunks of CHUNK_ROWS rows (short videos share a chunk: one engine
 * run each, not one per video), read into buffers reused all pass long. `onWait`: seconds spent reading (benchmarks).
 */
function featurePass(model: string, dim: number, videos: LayoutVideo[], onChunk?: (done: number, total: number) => void, onWait?: (seconds: number) => void): RowPass {
  const n = videos.reduce((s, v) => s + v.frames, 0);
  const total = Math.ceil(n / CHUNK_ROWS);
  return async (visit) => {
    const size = Math.min(CHUNK_ROWS, n);
    const halfs = new Uint16Array(size * dim);
    const rows = new Float32Array(size * dim);
    let filled = 0, done = 0;
    const flush = async () => {
      const t0 = performance.now();
      decodeHalfs(halfs.subarray(0, filled * dim), rows);
      onWait?.((performance.now() - t0) / 1000);
      await visit(rows.subarray(0, filled * dim), filled);
      filled = 0;
      onChunk?.(++done, total);
    };
    for (const v of videos) {
      const t0 = performance.now();
      const store = await openFeatureRows(v.id, model, dim);
      try {
        for (let start = 0; start < v.frames; ) {
          const m = Math.min(size - filled, v.frames - start);
          const t1 = performance.now();
          await store.readHalfs(start, m, halfs.subarray(filled * dim, (filled + m) * dim)).catch((e: unknown) => {
            throw new AppError('internal', 'projection', `${v.name}: ${AppError.from(e, 'projection').message}`, { cause: e });
          });
          onWait?.((performance.now() - (start === 0 ? t0 : t1)) / 1000);
          filled += m;
          start += m;
          if (filled === size) await flush();
        }
      } finally {
        store.close();
      }
    }
    if (filled) await flush();
  };
}

function aeConfig(req: { pcaDim: number; hiddenFrom?: number; codeStd: number; weights: AutoencoderConfig['weights']; seed: number }): AutoencoderConfig {
  return { ...DEFAULT_AE, input: req.pcaDim, hiddenFrom: req.hiddenFrom ?? req.pcaDim, codeStd: req.codeStd, weights: req.weights, seed: req.seed };
}

/**
 * PCA mean and axes, then the encoder's weights: everything needed to place new frames; then the decoder's, from
 * which a retrain starts (layouts stored before hold no decoder).
 */
function packModel(pca: PcaModel, ae: Autoencoder | null): Float32Array {
  const weights = ae ? [...ae.encoder.getWeights(), ...ae.decoder.getWeights()].map((w) => w.dataSync() as Float32Array) : [];
  return concat(Float32Array, [pca.mean, pca.components, ...weights]);
}

/** A stored layout's PCA basis and network, read in the order packModel wrote them. */
function unpackModel(meta: LayoutMeta, packed: Float32Array, ae: Autoencoder): { basis: PcaBasis; encoder: Weights; decoder: Weights | null } {
  const { dim, pcaDim: k } = meta;
  const basis: PcaBasis = { dim, k, mean: packed.subarray(0, dim), components: packed.subarray(dim, dim + k * dim), scale: meta.scale };
  const encoder = unpackWeights(packed, dim + k * dim, ae.encoder.getWeights().map((w) => w.shape));
  if (!encoder) throw new AppError('internal', 'projection', `the stored layout "${meta.name}" has no complete encoder: retrain it`);
  const decoder = unpackWeights(packed, encoder.end, ae.decoder.getWeights().map((w) => w.shape));
  return { basis, encoder: encoder.weights, decoder: decoder?.weights ?? null };
}

/**
 * The network of the layout a retrain replaces, moved onto the new PCA basis (warmStart.ts); null when there is
 * none to start from (not stored, another model or method): the retrain then starts from random weights.
 */
async function warmStart(req: TrainRequest, pca: PcaModel, scale: number): Promise<{ encoder: Weights; decoder: Weights | null } | null> {
  if (!req.warmFrom) return null;
  const [stored, packed] = await Promise.all([loadLayout<LayoutMeta>(req.warmFrom), loadLayoutModel(req.warmFrom)]);
  const prev = stored?.meta;
  // Another model, method or network size: nothing carries over.
  if (!prev || !packed || prev.method !== 'autoencoder' || prev.model !== req.model || prev.dim !== req.dim || (prev.hiddenFrom ?? prev.pcaDim) !== req.pcaDim) return null;
  const old = buildAutoencoder(aeConfig(prev));
  try {
    const { basis, encoder, decoder } = unpackModel(prev, packed, old);
    const next: PcaBasis = { dim: pca.dim, k: pca.k, mean: pca.mean, components: pca.components, scale };
    return moveNetwork(encoder, decoder, outputKernelIndex(old), basisChange(next, basis));
  } finally {
    old.encoder.dispose();
    old.decoder.dispose();
  }
}

/** Trains; if WebGPU fails on the way (device lost, watchdog), trains again on WebGL or the CPU and says so. */
async function train(req: TrainRequest, emit: (e: ProjectionEvent) => void): Promise<LayoutMeta> {
  try {
    return await trainOn(req, emit);
  } catch (e) {
    if (!onWebGpu()) throw e;
    const next = await cpuBackend();
    emit({ type: 'stage', stage: 'training', detail: `WebGPU failed (${AppError.from(e, 'projection').message}); again on ${next}` });
    return trainOn(req, emit);
  }
}

/** Training runs where its device can be lost. */
const onWebGpu = () => tf.getBackend() === 'webgpu';

/** The CPU path for the rest of this worker's life (the GPU failed): tfjs' WebAssembly backend, else plain JS. */
async function cpuBackend(): Promise<string> {
  const next = (await tf.setBackend('wasm').catch(() => false)) ? 'wasm' : 'cpu';
  await tf.setBackend(next);
  await tf.ready();
  backend = Promise.resolve({ backend: next, timings: [] });
  return next;
}

async function trainOn(req: TrainRequest, emit: (e: ProjectionEvent) => void): Promise<LayoutMeta> {
  const started = performance.now();
  stopRequested = false;
  const n = req.videos.reduce((s, v) => s + v.frames, 0);
  if (n < 3) throw new AppError('internal', 'projection', `a layout needs at least 3 frames with features (have ${n})`);
  const k = Math.max(2, Math.min(req.pcaDim, req.dim, n - 1));

  // PCA streamed over the feature stores: a few passes, a chunk at a time, never every feature at once.
  emit({ type: 'stage', stage: 'pca', detail: `${req.dim} → ${k}: choosing where to compute` });
  const engine = await ensureProducts(req.dim, Math.min(req.dim, k + OVERSAMPLE));
  let passLabel = '';
  const pass = featurePass(req.model, req.dim, req.videos, (done, total) =>
    emit({ type: 'stage', stage: 'pca', detail: `${passLabel} · ${Math.round((100 * done) / total)} %` }));
  const { model: pca, projected: x, route } = await streamedPca(pass, n, req.dim, k, engine, {
    seed: req.seed, oversample: OVERSAMPLE,
    onPass: (p, passes) => emit({ type: 'stage', stage: 'pca', detail: (passLabel = `${req.dim} → ${k}, pass ${p} of ${passes} on ${engine.name}`) }),
  });
  // Every frame in PCA space, scaled to unit variance per axis on average.
  const scale = Math.sqrt(pca.eigenvalues.reduce((a, b) => a + b, 0) / k) || 1;
  for (let i = 0; i < x.length; i++) x[i]! /= scale;

  let codes: Float32Array;
  let ae: Autoencoder | null = null;
  let warm: Awaited<ReturnType<typeof warmStart>> = null;
  const losses: LossParts[] = [];
  if (req.method === 'autoencoder') {
    emit({ type: 'stage', stage: 'training', detail: 'measuring backends' });
    await ensureBackend(k);
    warm = await warmStart(req, pca, scale).catch((e: unknown) => {
      console.warn('projection: the retrain starts afresh', e);
      return null;
    });
    const epochs = warm && req.warmEpochs ? req.warmEpochs : req.epochs;
    const trained = await trainAndEncode(aeConfig({ ...req, pcaDim: k, hiddenFrom: req.pcaDim }), x, epochs, rng(req.seed), {
      onGpu: onWebGpu,
      fallback: cpuBackend,
      onEpoch: (epoch, loss) => emit({ type: 'epoch', epoch, epochs, loss }),
      onLost: (epoch, next, e) => {
        const why = AppError.from(e, 'projection').message;
        emit({ type: 'stage', stage: 'training', detail: `the GPU was lost (${why}); going on from epoch ${epoch} on ${next}` });
        emit({ type: 'gpu-lost', epoch, backend: next, reason: why });
      },
      stop: () => stopRequested,
    }, warm);
    ({ ae, codes } = trained);
    losses.push(...trained.losses);
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
    name: req.name, model: req.model, dim: req.dim, method: req.method, videos: req.videos, frames: n, pcaDim: k, hiddenFrom: req.pcaDim,
    retained: pca.retained, scale, stretch, quality, sameVideo, losses, epochs: losses.length, seed: req.seed,
    codeStd: req.codeStd, weights: req.weights, warmStarted: !!warm, backend: req.method === 'autoencoder' ? tf.getBackend() : 'none', pcaEngine: engine.name, pcaRoute: route, seconds: (performance.now() - started) / 1000, createdAt: Date.now(),
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
  const current = await loadLayout<LayoutMeta>(req.name);
  const packed = await loadLayoutModel(req.name);
  if (!current || !packed || current.meta.method === 'umap') throw new AppError('internal', 'projection', 'this layout cannot place new frames (UMAP layouts need retraining)');
  const { meta } = current;
  // Coordinates written for a placement whose description a reload cut off: not part of this layout.
  if (current.coords.length < 2 * meta.frames) throw new AppError('internal', 'projection', `the stored layout has coordinates for ${current.coords.length / 2} of its ${meta.frames} frames: retrain it`);
  const coords = current.coords.subarray(0, 2 * meta.frames);
  // New videos, and the frames a video placed while its dense pass went on has gained since.
  const growth = growthOf(meta.videos, req.videos);
  if (!growth.length) return meta;
  const k = meta.pcaDim;
  const engine = await ensureProducts(meta.dim, Math.min(meta.dim, k + OVERSAMPLE));
  const pca: PcaModel = { dim: meta.dim, k, mean: packed.subarray(0, meta.dim), components: packed.subarray(meta.dim, meta.dim + k * meta.dim), eigenvalues: new Float32Array(k), totalVariance: 0, retained: meta.retained };
  let ae: Autoencoder | null = null;
  if (meta.method === 'autoencoder') {
    await ensureBackend(k);
    ae = buildAutoencoder(aeConfig(meta));
    const tensors = unpackModel(meta, packed, ae).encoder.map((w) => tf.tensor(w.data, w.shape));
    ae.encoder.setWeights(tensors);
    tf.dispose(tensors);
  }
  const added: Float32Array[] = [];
  const addedPca: Float32Array[] = [];
  for (const g of growth) {
    const n = g.to - g.from;
    const x = (await project(pca, await featureRange(meta.model, meta.dim, g), engine)).map((val) => val / meta.scale);
    addedPca.push(x);
    let codes: Float32Array;
    if (ae) codes = await encode(ae, x, k);
    else codes = Float32Array.from({ length: n * 2 }, (_, j) => x[Math.floor(j / 2) * k + (j % 2)]!);
    added.push(meta.stretch ? applyStretch(meta.stretch, codes) : codes);
  }
  const all = growRows(meta.videos, coords, 2, growth, added);
  const next: LayoutMeta = { ...meta, videos: grownVideos(meta.videos, req.videos, growth), frames: all.length / 2 };
  await saveLayout(req.name, next, all, packed, await extendIndex(req.name, meta, growth, addedPca));
  ae?.encoder.dispose();
  ae?.decoder.dispose();
  return next;
}

/**
 * A video's feature rows [from, to). The features worker may be appending to the store meanwhile: a snapshot read
 * fails once the file changed, and the store is opened again.
 */
async function featureRange(model: string, dim: number, g: Growth): Promise<Float32Array> {
  const into = new Uint16Array((g.to - g.from) * dim);
  let rows = await openFeatureRows(g.id as VideoId, model, dim);
  try {
    await whileChanging(
      () => rows.readHalfs(g.from, g.to - g.from, into),
      async () => {
        rows.close();
        rows = await openFeatureRows(g.id as VideoId, model, dim);
      },
    );
    return decodeHalfs(into);
  } catch (e) {
    throw new AppError('internal', 'projection', `features of frames ${g.from}–${g.to} of ${g.id}: ${AppError.from(e, 'projection').message}`);
  } finally {
    rows.close();
  }
}

/**
 * The stored search index grown as the layout: a held video's rows stay, a growing one's get the new rows after
 * them (when its rows were all there; else the search stage fills it in when it opens the index), new videos last.
 */
async function extendIndex(name: string, meta: LayoutMeta, growth: readonly Growth[], rows: readonly Float32Array[]): Promise<{ header: IndexHeader; values: Float32Array }> {
  const k = meta.pcaDim;
  const stored = await loadLayoutIndex(name);
  const held = new Map(meta.videos.map((v) => [v.id as string, v.frames]));
  const grows = new Map(growth.map((g, i) => [g.id, i]));
  const parts: { id: string; rows: number; values: Float32Array }[] = [];
  for (const b of indexBlocks(stored, { trained: meta.createdAt, dim: k, videos: meta.videos.map((v) => ({ id: v.id, frames: v.frames })) })) {
    if (!held.has(b.id)) continue;
    const values = stored!.values.subarray(b.start * k, (b.start + b.rows) * k);
    const i = grows.get(b.id);
    if (i === undefined) parts.push({ id: b.id, rows: b.rows, values });
    else if (b.rows === growth[i]!.from) parts.push({ id: b.id, rows: growth[i]!.to, values: concat(Float32Array, [values, rows[i]!]) });
  }
  for (const [i, g] of growth.entries()) if (!held.has(g.id)) parts.push({ id: g.id, rows: g.to - g.from, values: rows[i]! });
  return { header: { trained: meta.createdAt, dim: k, videos: parts.map((p) => ({ id: p.id, rows: p.rows })) }, values: concat(Float32Array, parts.map((p) => p.values)) };
}

/** Synthetic 4096-d "videos" written to OPFS as real feature stores, so PCA is timed reading them as training does. */
async function writeSynthetic(req: BenchRequest): Promise<{ videos: LayoutVideo[]; labels: string[] }> {
  const spec = { frames: req.frames, dim: req.dim, videos: req.videos, seed: req.seed };
  const perVideo = Math.ceil(req.frames / req.videos);
  const videos: LayoutVideo[] = [];
  const labels: string[] = [];
  for (let s = 0, v = 0; s < req.frames; s += perVideo, v++) {
    const id = `bench-synthetic-${v}` as VideoId;
    await removeVideoFiles(id);
    const frames = Math.min(perVideo, req.frames - s);
    const writer = await FeatureWriter.open(id, 'bench', req.dim);
    const { rows } = syntheticRows(spec, s, frames);
    writer.appendRows(rows);
    writer.close();
    videos.push({ id, name: id, frames, label: String(v) });
    for (let i = 0; i < frames; i++) labels.push(String(v));
  }
  return { videos, labels };
}

/** PCA routes, autoencoder epochs per backend and layout quality on synthetic features, timed. */
async function bench(req: BenchRequest, emit: (e: ProjectionEvent) => void): Promise<BenchResult> {
  const t0 = performance.now();
  emit({ type: 'stage', stage: 'reading', detail: 'writing synthetic features' });
  const { videos, labels } = await writeSynthetic(req);
  const writeSeconds = (performance.now() - t0) / 1000;
  try {
    const k = req.pcaDim;
    const engine = await ensureProducts(req.dim, Math.min(req.dim, k + OVERSAMPLE));
    const pca: PcaBench[] = [];
    let x: Float32Array | null = null;
    let scale = 1;
    for (const route of req.pcaRoutes) {
      const t1 = performance.now();
      const timed = new TimedProducts(engine);
      let reading = 0;
      const pass = featurePass('bench', req.dim, videos, undefined, (s) => (reading += s));
      const r = await streamedPca(pass, req.frames, req.dim, k, timed, {
        route, seed: req.seed, oversample: OVERSAMPLE, onPass: (p, passes) => emit({ type: 'stage', stage: 'pca', detail: `${route} ${p}/${passes}` }),
      });
      pca.push({ route, passes: r.passes, seconds: (performance.now() - t1) / 1000, productSeconds: timed.seconds, readSeconds: reading, retained: r.model.retained });
      if (!x) {
        x = r.projected;
        scale = Math.sqrt(r.model.eigenvalues.reduce((a, b) => a + b, 0) / k) || 1;
      }
    }
    if (!x) throw new AppError('internal', 'projection', 'the bench needs a PCA route');
    for (let i = 0; i < x.length; i++) x[i]! /= scale;

    const methods: BenchMethodResult[] = [];
    const measure = (method: LayoutMethod, codes: Float32Array, seconds: number) => {
      emit({ type: 'stage', stage: 'quality', detail: method });
      const coords = applyStretch(fitStretch(codes), codes);
      const q = layoutQuality(x, k, coords, 10, labels, 1000);
      methods.push({ method, seconds, trustworthiness: q.trustworthiness, continuity: q.continuity, recall: q.recall, sameVideo: q.labelAccuracy ?? 0 });
    };
    const ae: AeBench[] = [];
    const picked = req.backends.includes('auto') ? await ensureBackend(k) : null;
    for (const name of req.backends) {
      const b = name === 'auto' ? picked!.backend : name;
      if (!(await tf.setBackend(b).catch(() => false))) {
        ae.push({ backend: b, secondsPerEpoch: NaN });
        continue;
      }
      await tf.ready();
      const cfg = aeConfig({ pcaDim: k, codeStd: DEFAULT_AE.codeStd, weights: DEFAULT_AE.weights, seed: req.seed });
      const t1 = performance.now();
      const lost: { epoch?: number; backend?: string } = {};
      const run = await trainAndEncode(cfg, x, req.epochs, rng(req.seed), {
        onGpu: onWebGpu,
        fallback: cpuBackend,
        onEpoch: (epoch, loss) => {
          emit({ type: 'epoch', epoch, epochs: req.epochs, loss });
          if (epoch === req.loseDeviceAt && onWebGpu()) (tf.backend() as unknown as { device: GPUDevice }).device.destroy();
        },
        onLost: (epoch, next) => Object.assign(lost, { epoch, backend: next }),
        stop: () => false,
      });
      const seconds = (performance.now() - t1) / 1000;
      ae.push({ backend: name === 'auto' ? `${b} (auto)` : b, secondsPerEpoch: seconds / req.epochs, epochs: run.losses.length, lostAt: lost.epoch, finishedOn: lost.backend });
      if (ae.length === 1) measure('autoencoder', run.codes, seconds);
      run.ae.encoder.dispose();
      run.ae.decoder.dispose();
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
    return { frames: req.frames, dim: req.dim, pcaDim: k, engine: engine.name, writeSeconds, pca, ae, backendTimings: picked?.timings ?? [], methods };
  } finally {
    await Promise.all(videos.map((v) => removeVideoFiles(v.id)));
  }
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
