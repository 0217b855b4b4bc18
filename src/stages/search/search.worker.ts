// Search worker: holds the current layout's PCA features (unit-length rows) as
// the index — on the GPU through tfjs where there is a real one, else in plain
// memory — and answers frame, clip, video, keyframe and colour queries.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { AppError, isQuotaError } from '../../core/errors';
import { probeGpu } from '../../core/gpuProbe';
import { ort } from '../../core/ortRuntime';
import { transpose, type Products } from '../../core/products/products';
import { chooseProducts } from '../../core/products/productsOrt';
import { serve, Transfer } from '../../rpc/workerRpc';
import { notInThisBuild } from '../../core/testBuild';
import { readColours, writeColours } from '../../storage/colourStore';
import { FrameReader } from '../../storage/frameReader';
import { FeatureWriter, readFeatures, removeFeatureFiles } from '../../storage/featureStore';
import { indexBlocks, loadLayout, loadLayoutIndex, loadLayoutModel, saveLayoutIndex } from '../../storage/layoutStore';
import type { LayoutMeta } from '../projection';
import { changePoints } from './changePoints';
import { matchClip, medianStep, type SequenceRef } from './clipMatch';
import { cosineTopK, normalizeRows, row as rowOf, similarityMatrix } from './cosineKnn';
import { imagePalette, mergePalettes, paletteDistance, PALETTE_FLOATS } from './dominantColours';
import { needsRewrite, planIndex, reconciledHeader } from './indexPlan';
import { axesFromModel, projectRows, type Axes } from './pcaAxes';
import type {
  BenchRequest, BenchResult, ClipMatch, ClipRequest, Hit, IndexInfo, IndexRepair, IndexVideo, KnnRequest, OpenRequest, SearchBackend, SearchProtocol, SoundState, TextSearchRequest, TextSearchResult, VideoScore,
} from './search.protocol';
import { SOUND_MODEL } from './search.protocol';
import { cropScores, topRows, unit, unitCrops, videoScores } from './textScores';
import { syntheticIndex, syntheticClip } from './syntheticIndex';
import { thinRows } from '../../core/thin';
import { videoSimilarity } from './videoSimilarity';
import { loadSoundRows, writeSoundFeatures, type SoundRows } from './soundRows';
import { SOUND_DIM } from '../sound';

interface Index {
  rows: Float32Array;
  dim: number;
  n: number;
  videos: IndexVideo[];
  refs: SequenceRef[];
  /** each row's video (its position in `videos`) */
  videoOf: Int32Array;
  axes: Axes | null;
  backend: SearchBackend;
  gpu: tf.Tensor2D | null;
  thinned: (Float32Array | undefined)[];
  colours: Float32Array | null;
  videoPalettes: Float32Array | null;
  sound: (SoundRows & { thinned: (Float32Array | undefined)[] }) | null;
}

let index: Index | null = null;
const THIN = 128;

async function chooseBackend(want: SearchBackend | 'auto'): Promise<SearchBackend> {
  if (want === 'cpu') return 'cpu';
  if (want === 'auto') {
    const gpu = await probeGpu();
    // A software adapter multiplies at CPU speed with more overhead: loops win there.
    if (!gpu.adapter || gpu.fallback) return 'cpu';
  }
  return (await tf.setBackend('webgpu').catch(() => false)) ? 'webgpu' : 'cpu';
}

const NO_REPAIR: IndexRepair = { computed: 0, dropped: 0, missing: 0 };

async function build(rows: Float32Array, dim: number, videos: IndexVideo[], refs: SequenceRef[], axes: Axes | null, want: SearchBackend | 'auto', repair = NO_REPAIR): Promise<IndexInfo> {
  index?.gpu?.dispose();
  index = null;
  const backend = await chooseBackend(want);
  const n = rows.length / dim;
  const gpu = backend === 'webgpu' ? tf.tensor2d(rows, [n, dim]) : null;
  const videoOf = new Int32Array(n);
  refs.forEach((ref, v) => videoOf.fill(v, ref.start, ref.start + videos[v]!.frames));
  index = { rows, dim, n, videos, refs, videoOf, axes, backend, gpu, thinned: [], colours: null, videoPalettes: null, sound: null };
  return { frames: n, dim, backend, canEmbed: axes !== null, step: medianStep(refs.map((r) => r.times)), repair };
}

/**
 * The layout's PCA rows, one per layout frame: stored rows where the stored index has them for this training,
 * the rest projected again from the videos' stored features; the result is stored when it differs.
 */
async function reconcile(name: string, meta: LayoutMeta, videos: IndexVideo[], axes: Axes | null): Promise<{ rows: Float32Array; repair: IndexRepair }> {
  const dim = meta.pcaDim;
  const stored = await loadLayoutIndex(name);
  const layout = videos.map((v) => ({ id: v.id as string, frames: v.frames }));
  const blocks = indexBlocks(stored, { trained: meta.createdAt, dim, videos: layout });
  const plan = planIndex(layout, blocks, stored ? Math.floor(stored.values.length / dim) : 0);
  const rows = new Float32Array(plan.total * dim);
  const valid: number[] = [];
  let at = 0;
  let missing = 0;
  for (const [k, v] of videos.entries()) {
    const p = plan.videos[k]!;
    if (p.keep) rows.set(stored!.values.subarray(p.from * dim, (p.from + p.keep) * dim), at * dim);
    let have = p.keep;
    if (p.compute && axes) {
      const { count, data } = await readFeatures(v.id, meta.model, meta.dim);
      const upto = Math.min(count, v.frames);
      if (upto > p.keep) have += projectRows(axes, data.subarray(p.keep * meta.dim, upto * meta.dim), rows, at + p.keep);
    }
    missing += v.frames - have;
    valid.push(have);
    at += v.frames;
  }
  const repair = { computed: plan.total - plan.kept - missing, dropped: plan.dropped, missing };
  const header = reconciledHeader(meta.createdAt, dim, layout, valid);
  if (needsRewrite(stored && { header: stored.header, values: stored.values.length }, header)) {
    // Each video's valid rows, in layout order: what the next open keeps.
    const keep = new Float32Array(valid.reduce((s, n) => s + n, 0) * dim);
    let o = 0, r = 0;
    videos.forEach((v, k) => {
      keep.set(rows.subarray(r * dim, (r + valid[k]!) * dim), o * dim);
      o += valid[k]!;
      r += v.frames;
    });
    // Not stored means reconciled again next time: search still answers.
    await saveLayoutIndex(name, header, keep).catch((e: unknown) => console.warn('search: the reconciled index was not stored', e));
  }
  return { rows, repair };
}

async function open(req: OpenRequest): Promise<IndexInfo> {
  const [layout, model] = await Promise.all([loadLayout<LayoutMeta>(req.layout), loadLayoutModel(req.layout)]);
  if (!layout) throw new AppError('no-index', 'search', 'there is no layout to search yet');
  const { meta } = layout;
  const dim = meta.pcaDim;
  const axes = axesFromModel(model, meta.dim, dim, meta.scale);
  const { rows, repair } = await reconcile(req.layout, meta, req.videos, axes);
  if (repair.missing === rows.length / dim && rows.length > 0) {
    throw new AppError('no-index', 'search', axes
      ? 'no frame of this layout has stored features any more: retrain the layout on the videos in the library'
      : 'this layout keeps no search index and no PCA axes to rebuild one: retrain the layout');
  }
  let start = 0;
  const refs: SequenceRef[] = [];
  for (const v of req.videos) {
    // A video removed from the library keeps its rows but has no times: it cannot match.
    const reader = await FrameReader.open(v.id, v.mime);
    const times = Float64Array.from({ length: Math.min(v.frames, reader.count) }, (_, i) => reader.time(i));
    refs.push({ start, times });
    start += v.frames;
  }
  return build(normalizeRows(rows, dim), dim, req.videos, refs, axes, req.backend, repair);
}

function need(): Index {
  if (!index) throw new AppError('no-index', 'search', 'the search index is not open');
  return index;
}

/** Raw feature vectors → unit rows in index space (the layout's PCA). */
function toIndexSpace(ix: Index, vectors: Float32Array[]): Float32Array {
  const { axes, dim } = ix;
  if (!axes) throw new AppError('no-index', 'search', 'this layout (UMAP) keeps no PCA axes, so outside images cannot be placed in it: retrain with the autoencoder or PCA');
  const out = new Float32Array(vectors.length * dim);
  vectors.forEach((v, r) => {
    if (v.length !== axes.raw) throw new AppError('internal', 'search', `a query vector has ${v.length} values, the layout's model ${axes.raw}`);
    projectRows(axes, v, out, r);
  });
  return normalizeRows(out, dim);
}

let products: Promise<Products> | null = null;

/**
 * Similarities of query rows to every index row (queries × n): one matmul on the GPU; on the CPU, onnxruntime's
 * threaded SIMD GEMM for a clip's worth of queries (~10× the JS loops at 100k rows), the loops for one or two.
 */
async function similarities(ix: Index, queries: Float32Array): Promise<Float32Array> {
  const q = queries.length / ix.dim;
  if (!ix.gpu && q < 3) return similarityMatrix(queries, ix.rows, ix.dim);
  if (!ix.gpu) {
    products ??= chooseProducts(ort, { adapter: false, fallback: false }, ix.dim, 16);
    const byRow = await (await products).times(ix.rows, ix.n, new Float32Array(ix.dim), transpose(queries, q, ix.dim), q); // n × q
    return transpose(byRow, ix.n, q);
  }
  const s = tf.tidy(() => tf.matMul(tf.tensor2d(queries, [queries.length / ix.dim, ix.dim]), ix.gpu!, false, true));
  const data = (await s.data()) as Float32Array;
  s.dispose();
  return data;
}

async function topK(ix: Index, query: Float32Array, k: number, skip: number, only?: Int32Array): Promise<Hit[]> {
  const want = Math.min(ix.n, k + (skip >= 0 ? 1 : 0));
  if (only) {
    // a filtered search scores only the allowed rows: on the CPU, whatever the index runs on
    const allowed = new Uint8Array(ix.n);
    for (const r of only) if (r >= 0 && r < ix.n) allowed[r] = 1;
    return cosineTopK(ix.rows, ix.dim, query, k, (i) => i === skip || !allowed[i]).map((h) => ({ row: h.index, score: h.score }));
  }
  if (!ix.gpu) return cosineTopK(ix.rows, ix.dim, query, k, (i) => i === skip).map((h) => ({ row: h.index, score: h.score }));
  const scores = tf.tidy(() => tf.matMul(ix.gpu!, tf.tensor2d(query, [ix.dim, 1])).reshape([ix.n]));
  const { values, indices } = tf.topk(scores, want);
  const [v, i] = await Promise.all([values.data(), indices.data()]);
  [scores, values, indices].forEach((t) => t.dispose());
  return Array.from(i, (row, j) => ({ row, score: v[j]! })).filter((h) => h.row !== skip).slice(0, k);
}

async function knn(req: KnnRequest): Promise<{ hits: Hit[]; ms: number }> {
  const ix = need();
  const t0 = performance.now();
  const q = req.row !== undefined ? rowOf(ix.rows, ix.dim, req.row) : toIndexSpace(ix, [req.vector!]);
  const hits = await topK(ix, q, req.k, req.row ?? -1, req.rows);
  return { hits, ms: performance.now() - t0 };
}

function nearestRow(ix: Index, video: number, time: number): number {
  const { start, times } = ix.refs[video]!;
  let best = 0;
  for (let i = 1; i < times.length; i++) if (Math.abs(times[i]! - time) < Math.abs(times[best]! - time)) best = i;
  return start + best;
}

async function clipSearch(ix: Index, queries: Float32Array, times: number[], top: number): Promise<ClipMatch[]> {
  const sims = await similarities(ix, queries);
  return matchClip(sims, ix.n, times, ix.refs, { top, perVideo: 2 }).map((c) => ({ ...c, row: nearestRow(ix, c.video, c.offset) }));
}

async function clip(req: ClipRequest): Promise<{ matches: ClipMatch[]; ms: number }> {
  const ix = need();
  if (req.vectors.length === 0) throw new AppError('decode-failed', 'search', 'no frame of the clip could be read');
  const t0 = performance.now();
  const matches = await clipSearch(ix, toIndexSpace(ix, req.vectors), req.times, req.top);
  return { matches, ms: performance.now() - t0 };
}

function videoRows(ix: Index, video: number): Float32Array {
  const { start } = ix.refs[video]!;
  return ix.rows.subarray(start * ix.dim, (start + ix.videos[video]!.frames) * ix.dim);
}

function thinned(ix: Index, video: number): Float32Array {
  return (ix.thinned[video] ??= thinRows(videoRows(ix, video), ix.dim, THIN));
}

function similarVideos({ video }: { video: number }): { scores: VideoScore[]; ms: number } {
  const ix = need();
  const t0 = performance.now();
  const a = thinned(ix, video);
  const sound = ix.sound;
  const soundOf = (v: number) => {
    if (!sound || sound.state[v] !== 'sound') return null;
    const { start } = ix.refs[v]!;
    return (sound.thinned[v] ??= thinRows(sound.rows.subarray(start * SOUND_DIM, (start + ix.videos[v]!.frames) * SOUND_DIM), SOUND_DIM, THIN));
  };
  const s = soundOf(video);
  const scores = ix.videos.map((_, v) => {
    const other = s && soundOf(v);
    return { video: v, ...videoSimilarity(a, thinned(ix, v), ix.dim), sound: other ? videoSimilarity(s, other, SOUND_DIM) : null };
  });
  return { scores, ms: performance.now() - t0 };
}

async function sound({ fresh }: { fresh: boolean }, emit: (e: { done: number; total: number }) => void): Promise<{ videos: SoundRows['state']; ms: number }> {
  const ix = need();
  const t0 = performance.now();
  if (fresh) ix.sound = null;
  ix.sound ??= { ...(await loadSoundRows(ix.videos, ix.refs, ix.videoOf, emit)), thinned: [] };
  return { videos: ix.sound.state, ms: performance.now() - t0 };
}

/** Sound rows written as each video's `sound` feature store, for a layout of sound (no index needed). */
async function soundFeatures({ videos }: { videos: IndexVideo[] }, emit: (e: { done: number; total: number }) => void): Promise<{ states: SoundState[]; dim: number; ms: number }> {
  const t0 = performance.now();
  const times = await Promise.all(videos.map(async (v) => {
    const reader = await FrameReader.open(v.id, v.mime);
    return Float64Array.from({ length: Math.min(v.frames, reader.count) }, (_, i) => reader.time(i));
  }));
  const states = await writeSoundFeatures(videos, times, async (v, rows) => {
    await removeFeatureFiles(v.id, SOUND_MODEL);
    const w = await FeatureWriter.open(v.id, SOUND_MODEL, SOUND_DIM);
    try {
      w.appendRows(rows);
    } finally {
      w.close();
    }
  }, emit).catch((e: unknown) => {
    if (isQuotaError(e)) throw new AppError('quota', 'search', 'the disk is full: the sound descriptors could not be stored', { cause: e });
    throw e;
  });
  return { states, dim: SOUND_DIM, ms: performance.now() - t0 };
}

function soundKnn({ row, k }: { row: number; k: number }): { hits: Hit[]; ms: number } {
  const ix = need();
  if (!ix.sound) throw new AppError('internal', 'search', 'sound is not loaded yet');
  const t0 = performance.now();
  const { rows, state } = ix.sound;
  const { videoOf } = ix;
  if (state[videoOf[row]!] !== 'sound') throw new AppError('no-index', 'search', `this frame’s video ${state[videoOf[row]!] === 'silent' ? 'is silent' : 'has no sound track'}`);
  const hits = cosineTopK(rows, SOUND_DIM, rowOf(rows, SOUND_DIM, row), k, (i) => i === row || state[videoOf[i]!] !== 'sound');
  return { hits: hits.map((h) => ({ row: h.index, score: h.score })), ms: performance.now() - t0 };
}

function keyframes({ video, count }: { video: number; count: number }): { rows: number[] } {
  const ix = need();
  const start = ix.refs[video]!.start;
  return { rows: changePoints(videoRows(ix, video), ix.dim, Math.max(1, count)).map((i) => start + i) };
}

let canvas: OffscreenCanvas | null = null;

/** Palettes of a video's stored thumbnails, drawn at 48 × 27 (colours, not detail). */
async function computePalettes(v: IndexVideo, onFrame: () => void): Promise<Float32Array> {
  const reader = await FrameReader.open(v.id, v.mime);
  canvas ??= new OffscreenCanvas(48, 27);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const out = new Float32Array(v.frames * PALETTE_FLOATS);
  for (let i = 0; i < Math.min(v.frames, reader.count); i++) {
    const bmp = await createImageBitmap(await reader.image(i), { resizeWidth: 48, resizeHeight: 27, resizeQuality: 'medium' });
    ctx.drawImage(bmp, 0, 0);
    bmp.close();
    out.set(imagePalette(ctx.getImageData(0, 0, 48, 27).data), i * PALETTE_FLOATS);
    onFrame();
  }
  return out;
}

async function colours(_: null, emit: (e: { done: number; total: number }) => void): Promise<{ frames: number }> {
  const ix = need();
  if (ix.colours) return { frames: ix.n };
  const all = new Float32Array(ix.n * PALETTE_FLOATS);
  let done = 0;
  let last = 0;
  const tick = () => {
    done++;
    const now = performance.now();
    if (now - last > 200) {
      last = now;
      emit({ done, total: ix.n });
    }
  };
  for (const [k, v] of ix.videos.entries()) {
    let p = await readColours(v.id);
    if (!p || p.length < v.frames * PALETTE_FLOATS) {
      p = await computePalettes(v, tick);
      await writeColours(v.id, p).catch((e: unknown) => {
        // Not stored means computed again next time: search still answers.
        if (!isQuotaError(e)) throw AppError.from(e, 'storage', 'storage');
      });
    } else done += v.frames;
    all.set(p.subarray(0, v.frames * PALETTE_FLOATS), ix.refs[k]!.start * PALETTE_FLOATS);
    emit({ done, total: ix.n });
  }
  ix.colours = all;
  ix.videoPalettes = new Float32Array(ix.videos.length * PALETTE_FLOATS);
  ix.videos.forEach((v, k) => {
    const rows = thinRows(all.subarray(ix.refs[k]!.start * PALETTE_FLOATS, (ix.refs[k]!.start + v.frames) * PALETTE_FLOATS), PALETTE_FLOATS, 256);
    ix.videoPalettes!.set(mergePalettes(rows), k * PALETTE_FLOATS);
  });
  return { frames: ix.n };
}

function similarColours(req: { row?: number; video?: number; k: number }): { hits: Hit[]; videos: { video: number; distance: number }[] } {
  const ix = need();
  if (!ix.colours || !ix.videoPalettes) throw new AppError('internal', 'search', 'colours are not computed yet');
  const hits: Hit[] = [];
  if (req.row !== undefined) {
    const d = Array.from({ length: ix.n }, (_, i) => ({ row: i, score: paletteDistance(ix.colours!, ix.colours!, req.row! * PALETTE_FLOATS, i * PALETTE_FLOATS) }));
    hits.push(...d.filter((h) => h.row !== req.row).sort((a, b) => a.score - b.score).slice(0, req.k));
  }
  const videos = req.video === undefined ? [] : ix.videos
    .map((_, v) => ({ video: v, distance: paletteDistance(ix.videoPalettes!, ix.videoPalettes!, req.video! * PALETTE_FLOATS, v * PALETTE_FLOATS) }))
    .filter((v) => v.video !== req.video)
    .sort((a, b) => a.distance - b.distance);
  return { hits, videos };
}

function palette({ row }: { row: number }): { palette: Float32Array } {
  const ix = need();
  if (!ix.colours) throw new AppError('internal', 'search', 'colours are not computed yet');
  return { palette: ix.colours.slice(row * PALETTE_FLOATS, (row + 1) * PALETTE_FLOATS) };
}

/** kNN and clip-search latency on a synthetic index (random-walk "videos"); the real index is closed. */
async function bench(req: BenchRequest): Promise<BenchResult> {
  const syn = syntheticIndex(req.frames, req.videos, req.dim, 1);
  const info = await build(syn.rows, req.dim, syn.videos, syn.refs, null, req.backend);
  const ix = need();
  const knnMs: number[] = [];
  const clipMs: number[] = [];
  let clipCorrect = 0;
  // One untimed round each: shader compilation and first uploads.
  await topK(ix, rowOf(ix.rows, ix.dim, 0), 10, 0);
  for (let q = 0; q < req.queries; q++) {
    const r = Math.floor(((q + 0.5) / req.queries) * ix.n);
    const t0 = performance.now();
    await topK(ix, rowOf(ix.rows, ix.dim, r), 10, r);
    knnMs.push(performance.now() - t0);
  }
  for (let q = 0; q <= Math.min(req.queries, 20); q++) {
    const c = syntheticClip(syn, q, req.clipFrames);
    const t0 = performance.now();
    const got = await clipSearch(ix, c.rows, c.times, 5);
    if (q > 0) clipMs.push(performance.now() - t0);
    if (q > 0 && got[0]?.video === c.video && Math.abs(got[0].offset - c.offset) <= 1) clipCorrect++;
  }
  index?.gpu?.dispose();
  index = null;
  return { backend: info.backend, frames: req.frames, knnMs: knnMs.sort((a, b) => a - b), clipMs: clipMs.sort((a, b) => a - b), clipCorrect };
}

function unitRows({ rows }: { rows: Int32Array }): Transfer<{ dim: number; values: Float32Array }> {
  const ix = need();
  const values = new Float32Array(rows.length * ix.dim);
  rows.forEach((r, i) => values.set(rowOf(ix.rows, ix.dim, r), i * ix.dim));
  return new Transfer({ dim: ix.dim, values }, [values.buffer]);
}

/** The layout's frames in a CLIP pair's space (textScores.ts), read once per index and model. */
let textRows: { ix: Index; model: string; crops: Int8Array; half: number } | null = null;

async function textCrops(ix: Index, model: string, dim: number, emit: (e: { done: number; total: number }) => void): Promise<{ crops: Int8Array; half: number }> {
  if (textRows?.ix === ix && textRows.model === model) return textRows;
  textRows = null;
  const half = dim / 2;
  const crops = new Int8Array(ix.n * dim);
  let start = 0;
  for (const v of ix.videos) {
    // Frames without stored features (removed since) stay zero: they match nothing.
    const { count, data } = await readFeatures(v.id, model, dim);
    const m = Math.min(count, v.frames);
    unitCrops(data.subarray(0, m * dim), m, half, crops, start);
    start += v.frames;
    emit({ done: start, total: ix.n });
  }
  textRows = { ix, model, crops, half };
  return textRows;
}

async function text(req: TextSearchRequest, emit: (e: { done: number; total: number }) => void): Promise<TextSearchResult> {
  const ix = need();
  const { crops, half } = await textCrops(ix, req.model, req.dim, emit);
  if (req.vector.length !== half) throw new AppError('internal', 'search', `the text embedding has ${req.vector.length} values, the frames' ${half}`);
  const t0 = performance.now();
  const { videoOf } = ix;
  const videos = req.videos ? new Set(req.videos) : null;
  const rows = req.rows ? new Set(req.rows) : null;
  const timed = req.from !== undefined || req.to !== undefined;
  const allowed = (r: number) => {
    const v = videoOf[r]!;
    if (videos && !videos.has(v)) return false;
    if (rows && !rows.has(r)) return false;
    if (!timed) return true;
    const t = ix.refs[v]!.times[r - ix.refs[v]!.start];
    return t !== undefined && t >= (req.from ?? -Infinity) && t <= (req.to ?? Infinity);
  };
  const scores = cropScores(crops, ix.n, half, unit(req.vector), allowed);
  const frames = scores.reduce((n, x) => n + (x > -Infinity ? 1 : 0), 0);
  const timeOf = (r: number) => ix.refs[videoOf[r]!]!.times[r - ix.refs[videoOf[r]!]!.start] ?? NaN;
  return {
    hits: topRows(scores, req.k).map((h) => ({ ...h, time: timeOf(h.row) })), videos: videoScores(scores, ix.refs.map((ref, v) => ({ start: ref.start, rows: ix.videos[v]!.frames }))),
    frames, ms: performance.now() - t0,
  };
}

serve<SearchProtocol>('search', { open, knn, clip, similarVideos, keyframes, unitRows, colours, similarColours, palette, text, sound, soundKnn, soundFeatures,
  bench: __TEST_API__ ? bench : notInThisBuild('search'),
});
