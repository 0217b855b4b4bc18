// Features worker: onnxruntime-web on WebGPU or WebAssembly. Reads stored
// frames, cuts each into left/right squares, runs the CNN in batches and
// appends float16 frame vectors to the video's feature store as it goes.
import { ortFor, setOrtThreads, type Ort } from '../../core/ortRuntime';
import { AppError, isQuotaError } from '../../core/errors';
import { serve } from '../../rpc/workerRpc';
import { notInThisBuild } from '../../core/testBuild';
import { FeatureWriter, readFeatures } from '../../storage/featureStore';
import { lookId, lookOwner } from '../../core/ids';
import { FrameReader } from '../../storage/frameReader';
import { whileChanging } from '../../storage/opfs';
import { readModelFile, saveModelFile, writeModelBlob } from '../../storage/modelStore';
import type { Tokenizer } from '@huggingface/tokenizers';
import { clipVisionDescriptor, inferTextTower, pairRoles, textInput, type TextTower } from './clipPair';
import { probeGpu } from '../../core/gpuProbe';
import type { Backend } from './backendChoice';
import { cropRegions, frameCrops } from './cropGeometry';
import { clipWindows } from './clipWindows';
import {
  descriptorProblem, inferDescriptor, inputDims, inputSize, isClipLayout, ModelRefusal, outputVectorLength, pixelsToInput, pooledOutput, type GraphShapes, type ImageModelDescriptor,
} from './imageModel';
import { hasHdf5Signature } from './convert/h5Weights';
import type { ConvertedModel, InspectedModel, EmbedImagesRequest, EmbedRequest, ExtractJob, ExtractResult, FeaturesEvent, FeaturesProtocol, ModelRef } from './features.protocol';
import { frameVectors, rgbaToNchw } from './preprocess';

type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;
let current: { key: string; session: Session; ort: Ort } | null = null;

async function modelBytes(url: string): Promise<ArrayBuffer> {
  if (url.startsWith('opfs:')) return readModelFile(url.slice(5));
  const res = await fetch(url);
  if (!res.ok) throw new AppError('model-load', 'features', `HTTP ${res.status} for ${url}`);
  return res.arrayBuffer();
}

/** One session at a time (GPU memory); warmed up so the first batch is not slow. */
async function session(model: ModelRef, backend: Backend): Promise<{ session: Session; ort: Ort }> {
  // WebAssembly runs the int8 build where there is one: 2.1× the float graph's speed at equal quality (decision 0010).
  const url = backend === 'wasm' && model.cpuUrl ? model.cpuUrl : model.url;
  const key = `${model.id}@${backend}:${url}`;
  if (current?.key === key) return current;
  await current?.session.release().catch(() => undefined);
  current = null;
  let s: Session;
  let ort: Ort;
  try {
    ort = await ortFor(backend);
    s = await ort.InferenceSession.create(new Uint8Array(await modelBytes(url)), {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
      // ort.env.logLevel covers the JS side only; the session's own warnings (e.g. shape ops placed
      // on the CPU under WebGPU, which is by design) would reach the console as errors.
      logSeverityLevel: 3,
    });
  } catch (e) {
    throw new AppError('model-load', 'features', `could not load model ${model.id} on ${backend}: ${AppError.from(e, 'features').message}`, { cause: e });
  }
  const warm = await s.run(blankInput(ort, s, model, 1));
  Object.values(warm).forEach((t) => t.dispose());
  current = { key, session: s, ort };
  return current;
}

/** A black input of `count` crops in the model's own shape. */
function blankInput(ort: Ort, s: Session, model: ModelRef, count: number): Record<string, InstanceType<Ort['Tensor']>> {
  const d = model.descriptor;
  const dims = d ? inputDims(d, count) : [count, 3, model.inputSize, model.inputSize];
  return { [d?.input ?? s.inputNames[0]!]: new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims) };
}

let canvas: OffscreenCanvas | null = null;

/** Decodes stored frames, cuts their crops and runs them in one batch: a vector per frame. */
async function embedFrames(reader: FrameReader, indices: number[], model: ModelRef, backend: Backend): Promise<Float32Array[]> {
  return embedBlobs(await Promise.all(indices.map((i) => reader.image(i))), model, backend);
}

async function embedBlobs(images: Blob[], model: ModelRef, backend: Backend): Promise<Float32Array[]> {
  if (model.descriptor) return embedWithDescriptor(images, model, model.descriptor, backend);
  const size = model.inputSize;
  const ctx = canvasFor(size, size);
  const bitmaps = await Promise.all(images.map((b) => createImageBitmap(b)));
  const crops = bitmaps.map((b) => frameCrops(b.width, b.height));
  const total = crops.reduce((n, c) => n + c.length, 0);
  const input = new Float32Array(total * 3 * size * size);
  let k = 0;
  bitmaps.forEach((bmp, f) => {
    for (const c of crops[f]!) {
      ctx.drawImage(bmp, c.sx, c.sy, c.side, c.side, 0, 0, size, size);
      rgbaToNchw(ctx.getImageData(0, 0, size, size).data, size, input, k++ * 3 * size * size);
    }
    bmp.close();
  });
  const { session: s, ort } = await session(model, backend);
  const out = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', input, [total, 3, size, size]) });
  const t = out[s.outputNames[0]!]!;
  const data = (await t.getData()) as Float32Array;
  Object.values(out).forEach((x) => x.dispose());
  return frameVectors(data, model.featureDim, crops.map((c) => c.length));
}

/** The drawing surface crops are resized on, at the model's input size. */
function canvasFor(width: number, height: number): OffscreenCanvasRenderingContext2D {
  canvas ??= new OffscreenCanvas(width, height);
  if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
  return ctx;
}

/** Runs a loaded model on `count` crops (or clips) and pools its chosen output to one vector each. */
async function runPooled(model: ModelRef, d: ImageModelDescriptor, backend: Backend, input: Float32Array, count: number): Promise<Float32Array> {
  const { session: s, ort } = await session(model, backend);
  const out = await s.run({ [d.input]: new ort.Tensor('float32', input, inputDims(d, count)) });
  const t = out[d.output];
  if (!t) throw new AppError('inference', 'features', `the model gave no output "${d.output}"`);
  const pooled = pooledOutput((await t.getData()) as Float32Array, t.dims, d.layout);
  Object.values(out).forEach((x) => x.dispose());
  return pooled;
}

/** A loaded ONNX image model: its crops, size, layout, colour order and scaling in, its chosen output pooled out. */
async function embedWithDescriptor(images: Blob[], model: ModelRef, d: ImageModelDescriptor, backend: Backend): Promise<Float32Array[]> {
  const ctx = canvasFor(d.width, d.height);
  const bitmaps = await Promise.all(images.map((b) => createImageBitmap(b)));
  const crops = bitmaps.map((b) => cropRegions(d.crop, b.width, b.height));
  const total = crops.reduce((n, c) => n + c.length, 0);
  const per = inputSize(d);
  const input = new Float32Array(total * per);
  let k = 0;
  bitmaps.forEach((bmp, f) => {
    for (const c of crops[f]!) {
      ctx.drawImage(bmp, c.sx, c.sy, c.sw, c.sh, 0, 0, d.width, d.height);
      pixelsToInput(ctx.getImageData(0, 0, d.width, d.height).data, d, input, k++ * per);
    }
    bmp.close();
  });
  return frameVectors(await runPooled(model, d, backend, input, total), model.featureDim, crops.map((c) => c.length));
}

/**
 * One window of a video clip model: its T frames (clipWindows.ts), each crop of them a clip in the model's input;
 * the vectors of its crops made one frame vector, as for images.
 */
async function embedClip(images: Blob[], model: ModelRef, d: ImageModelDescriptor, backend: Backend): Promise<Float32Array> {
  const ctx = canvasFor(d.width, d.height);
  const bitmaps = await Promise.all(images.map((b) => createImageBitmap(b)));
  const crops = cropRegions(d.crop, bitmaps[0]!.width, bitmaps[0]!.height);
  const per = inputSize(d);
  const input = new Float32Array(crops.length * per);
  bitmaps.forEach((bmp, t) => {
    crops.forEach((c, k) => {
      ctx.drawImage(bmp, c.sx, c.sy, c.sw, c.sh, 0, 0, d.width, d.height);
      pixelsToInput(ctx.getImageData(0, 0, d.width, d.height).data, d, input, k * per, t);
    });
    bmp.close();
  });
  return frameVectors(await runPooled(model, d, backend, input, crops.length), model.featureDim, [crops.length])[0]!;
}

/**
 * Runs one batch; when WebGPU dies mid-run (device lost, out of memory) the batch runs again on WebAssembly,
 * which then serves the rest, and `onFallback` says why. A failure on WebAssembly is an inference error.
 */
async function withFallback<T>(backend: Backend, run: (b: Backend) => Promise<T>, what: string, onFallback: (reason: string) => void): Promise<{ value: T; backend: Backend }> {
  try {
    return { value: await run(backend), backend };
  } catch (e) {
    const { message } = AppError.from(e, 'features');
    if (backend !== 'webgpu') throw new AppError('inference', 'features', `inference failed on ${what}: ${message}`);
    onFallback(`WebGPU failed mid-run (${message}); continuing on WebAssembly`);
    return { value: await run('wasm'), backend: 'wasm' };
  }
}

/**
 * The images of frames of a pack that may still grow (a dense pass going on): a read of the snapshot fails once
 * the file has changed, and the pack is opened again. Null when the frames are no longer there (the pack was
 * emptied to decode the video again).
 */
function readGrowing(at: { reader: FrameReader }, indices: number[], job: ExtractJob): Promise<Blob[] | null> {
  const last = Math.max(...indices);
  return whileChanging(
    () => (at.reader.count <= last ? Promise.resolve(null) : Promise.all(indices.map((i) => at.reader.image(i)))),
    async () => void (at.reader = await FrameReader.open(job.videoId, job.mime)),
  );
}

async function extract(job: ExtractJob, emit: (e: FeaturesEvent) => void): Promise<ExtractResult> {
  const at = { reader: await FrameReader.open(job.videoId, job.mime) };
  const reader = at.reader;
  const writer = await FeatureWriter.open(job.videoId, job.model.id, job.model.featureDim * 2);
  let backend = job.backend;
  try {
    const t0 = performance.now();
    await session(job.model, backend).catch(async (e: unknown) => {
      if (backend !== 'webgpu') throw e;
      backend = 'wasm';
      emit({ type: 'fallback', reason: `WebGPU failed (${AppError.from(e, 'features').message}); using WebAssembly` });
      await session(job.model, backend);
    });
    emit({ type: 'ready', backend, loadMs: performance.now() - t0 });
    emit({ type: 'progress', done: writer.count, total: reader.count });
    const d = job.model.descriptor;
    if (d && isClipLayout(d.layout)) {
      // A clip model: one feature per window of T frames, stored for each of its frames (clipWindows.ts).
      for (const w of clipWindows(writer.count, reader.count, d.frames ?? 1, job.complete ?? true)) {
        const images = await readGrowing(at, w.frames, job);
        if (!images) break;
        const what = `frames ${w.first}–${w.last}`;
        const batch = await withFallback(backend, (b) => embedClip(images, job.model, d, b), what, (reason) => emit({ type: 'fallback', reason }));
        backend = batch.backend;
        try {
          // a window cut off half-way by a reload: only its frames still without a vector
          for (let f = Math.max(w.first, writer.count); f <= w.last; f++) writer.append(batch.value);
        } catch (e) {
          throw AppError.from(e, 'storage', isQuotaError(e) ? 'quota' : 'storage');
        }
        emit({ type: 'progress', done: writer.count, total: reader.count });
      }
      return { done: writer.count, backend };
    }
    const looked = await lookVectors(job);
    for (let i = writer.count; i < reader.count; i += job.batch) {
      const indices = Array.from({ length: Math.min(job.batch, reader.count - i) }, (_, j) => i + j);
      const todo = indices.filter((f) => !looked.has(reader.time(f)));
      const images = todo.length ? await readGrowing(at, todo, job) : [];
      if (!images) break;
      const batch = images.length
        ? await withFallback(backend, (b) => embedBlobs(images, job.model, b), `frames ${i}–${i + indices.length - 1}`, (reason) => emit({ type: 'fallback', reason }))
        : { value: [], backend };
      backend = batch.backend;
      const computed = batch.value;
      const vectors = indices.map((f) => looked.get(reader.time(f)) ?? computed.shift()!);
      try {
        for (const v of vectors) writer.append(v);
      } catch (e) {
        throw AppError.from(e, 'storage', isQuotaError(e) ? 'quota' : 'storage');
      }
      emit({ type: 'progress', done: writer.count, total: reader.count });
    }
    return { done: writer.count, backend };
  } finally {
    writer.close();
  }
}

/**
 * The vectors of a video's first-look frames by source time: they are frames of its dense pass too (same
 * decoder, same timestamps), so the dense pass copies their features instead of computing them again.
 */
async function lookVectors(job: ExtractJob): Promise<Map<number, Float32Array>> {
  const byTime = new Map<number, Float32Array>();
  if (lookOwner(job.videoId)) return byTime;
  const dim = job.model.featureDim * 2;
  const [reader, stored] = await Promise.all([FrameReader.open(lookId(job.videoId), job.mime), readFeatures(lookId(job.videoId), job.model.id, dim)]);
  for (let i = 0; i < Math.min(reader.count, stored.count); i++) byTime.set(reader.time(i), stored.data.subarray(i * dim, (i + 1) * dim));
  return byTime;
}

async function embed(req: EmbedRequest): Promise<{ vectors: Float32Array[]; backend: Backend }> {
  const reader = await FrameReader.open(req.videoId, req.mime);
  return { vectors: await embedFrames(reader, req.indices, req.model, req.backend), backend: req.backend };
}

/** Vectors of images that are not in the library (a query clip's frames, a dropped photo), in batches; WebGPU failing falls back to wasm. */
async function embedImages(req: EmbedImagesRequest, emit: (e: { done: number; total: number }) => void): Promise<{ vectors: Float32Array[]; backend: Backend }> {
  let backend = req.backend;
  const vectors: Float32Array[] = [];
  for (let i = 0; i < req.images.length; i += req.batch) {
    const images = req.images.slice(i, i + req.batch);
    const batch = await withFallback(backend, (b) => embedBlobs(images, req.model, b), `images ${i}–${i + images.length - 1}`, () => undefined);
    backend = batch.backend;
    vectors.push(...batch.value);
    emit({ done: vectors.length, total: req.images.length });
  }
  return { vectors, backend };
}

/** Converts Xception's Keras weights in this worker (h5wasm is loaded only for this). */
async function convert({ file }: { file: File }, emit: (e: { stage: 'reading' | 'converting' | 'saving' }) => void): Promise<ConvertedModel> {
  emit({ stage: 'reading' });
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Refused before HDF5 sees it: the library would print its error stack to the console.
  if (!hasHdf5Signature(bytes)) throw new AppError('model-load', 'features', `${file.name} is not a Keras weights file (not an HDF5 file)`);
  const [h5, { convertXceptionH5, XCEPTION_INPUT }] = await Promise.all([import('h5wasm'), import('./convert/xception')]);
  await h5.ready;
  const path = '/upload.h5';
  h5.FS!.writeFile(path, bytes);
  emit({ stage: 'converting' });
  let onnx: Uint8Array;
  let featureDim: number;
  try {
    ({ onnx, featureDim } = convertXceptionH5(h5 as unknown as Parameters<typeof convertXceptionH5>[0], path));
  } catch (e) {
    throw new AppError('model-load', 'features', `${file.name}: ${AppError.from(e, 'features').message}`, { cause: e });
  } finally {
    h5.FS!.unlink(path);
  }
  emit({ stage: 'saving' });
  const meta: ConvertedModel = { id: 'xception', file: 'xception.onnx', bytes: onnx.length, featureDim, inputSize: XCEPTION_INPUT, convertedAt: Date.now() };
  await saveModelFile(meta.file, onnx, meta).catch((e: unknown) => {
    throw AppError.from(e, 'storage', isQuotaError(e) ? 'quota' : 'storage');
  });
  if (current?.key.startsWith('xception@')) current = null; // a new file replaces the old session's weights
  return meta;
}

/** Reads a dropped .onnx file's graph on WebAssembly (a model that does not load is refused with ort's reason). */
async function openGraph(file: File): Promise<{ name: string; bytes: Uint8Array<ArrayBuffer>; ort: Ort; session: Session; graph: GraphShapes }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!bytes.length) throw new AppError('model-load', 'features', `${file.name} is empty`);
  const ort = await ortFor('wasm');
  let s: Session;
  try {
    s = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], logSeverityLevel: 3 });
  } catch (e) {
    throw new AppError('model-load', 'features', `${file.name} is not an ONNX model onnxruntime can load: ${AppError.from(e, 'features').message}`, { cause: e });
  }
  const shapes = (list: typeof s.inputMetadata) => list.map((m) => ({ name: m.name, shape: m.isTensor ? [...m.shape] : [] }));
  return { name: file.name, bytes, ort, session: s, graph: { inputs: shapes(s.inputMetadata), outputs: shapes(s.outputMetadata) } };
}

const refused = (what: string, e: unknown) =>
  e instanceof ModelRefusal ? new AppError('model-load', 'features', `${what}: ${e.message}`) : e;

/** The dropped files sorted: ONNX graphs, the tokenizer and its config, a preprocessor config. */
function sortFiles(files: readonly File[]) {
  const named = (re: RegExp) => files.find((f) => re.test(f.name)) ?? null;
  return {
    onnx: files.filter((f) => /\.onnx$/i.test(f.name)),
    tokenizer: named(/(^|[^_])tokenizer\.json$/i),
    tokenizerConfig: named(/tokenizer_config\.json$/i),
    preprocessor: named(/preprocessor_config\.json$/i),
  };
}

async function readJson(file: File): Promise<unknown> {
  try {
    return JSON.parse(await file.text()) as unknown;
  } catch (e) {
    throw new ModelRefusal(`${file.name} is not JSON: ${AppError.from(e, 'features').message}`);
  }
}

/** A tokenizer from the person's files only (nothing is fetched), checked on a word; its pad id is its end token. */
async function openTokenizer(json: unknown, config: unknown, what: string): Promise<{ tokenizer: Tokenizer; padId: number; vocabulary: number }> {
  const { Tokenizer: Made } = await import('@huggingface/tokenizers');
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Made(json as object, (config ?? {}) as object);
    const empty = tokenizer.encode('').ids;
    if (!tokenizer.encode('a photo').ids.length) throw new Error('it gives no tokens for "a photo"');
    const vocab = ((json as { model?: { vocab?: object } }).model?.vocab ?? {});
    return { tokenizer, padId: empty[empty.length - 1] ?? 0, vocabulary: Array.isArray(vocab) ? vocab.length : Object.keys(vocab).length };
  } catch (e) {
    throw new ModelRefusal(`${what} is not a tokenizer this app can read: ${AppError.from(e, 'features').message}`);
  }
}

interface OpenedPair {
  vision: Awaited<ReturnType<typeof openGraph>>;
  text: Awaited<ReturnType<typeof openGraph>>;
  tokenizer: { tokenizer: Tokenizer; padId: number; vocabulary: number };
  tower: TextTower;
  preprocessor: unknown;
  files: ReturnType<typeof sortFiles>;
}

/** Opens a CLIP pair's files (both graphs and the tokenizer); the caller releases the sessions. */
async function openPair(files: ReturnType<typeof sortFiles>): Promise<OpenedPair> {
  const { onnx, tokenizer: tok } = files;
  if (!tok) throw new ModelRefusal(`${onnx.length} ONNX files without tokenizer.json: a CLIP pair needs the tokenizer its text tower was trained with`);
  if (onnx.length !== 2) throw new ModelRefusal(`tokenizer.json with ${onnx.length} ONNX file${onnx.length === 1 ? '' : 's'}: a CLIP pair is a vision tower and a text tower`);
  const graphs = [await openGraph(onnx[0]!), await openGraph(onnx[1]!)];
  try {
    const roles = pairRoles(graphs[0]!.graph, graphs[1]!.graph);
    const vision = graphs[roles.vision]!, text = graphs[roles.text]!;
    const tower = inferTextTower(text.graph);
    const tokenizer = await openTokenizer(await readJson(tok), files.tokenizerConfig ? await readJson(files.tokenizerConfig) : null, tok.name);
    const preprocessor = files.preprocessor ? await readJson(files.preprocessor) : null;
    return { vision, text, tokenizer, tower, preprocessor, files };
  } catch (e) {
    for (const g of graphs) await g.session.release().catch(() => undefined);
    throw e;
  }
}

async function inspectModel({ files }: { files: File[] }): Promise<InspectedModel> {
  const sorted = sortFiles(files);
  const what = sorted.onnx.map((f) => f.name).join(' + ') || sorted.tokenizer?.name || 'the files';
  try {
    if (sorted.onnx.length === 1 && !sorted.tokenizer) {
      const { session: s, graph, bytes } = await openGraph(sorted.onnx[0]!);
      try {
        return { graph, ...inferDescriptor(graph), bytes: bytes.length };
      } finally {
        await s.release().catch(() => undefined);
      }
    }
    const p = await openPair(sorted);
    try {
      const { descriptor, notes } = inferDescriptor(p.vision.graph);
      return {
        graph: p.vision.graph, descriptor: clipVisionDescriptor(descriptor, p.vision.graph, p.preprocessor),
        notes: [...notes.filter((n) => !/pixel scaling/.test(n)), `CLIP pair: text tower ${p.text.name} (${p.tower.input} → ${p.tower.output}), tokenizer ${sorted.tokenizer!.name} (${p.tokenizer.vocabulary} tokens); ${p.preprocessor ? 'image mean/std from the preprocessor config' : "CLIP's image mean/std"}`],
        bytes: p.vision.bytes.length + p.text.bytes.length,
        pair: { textFile: p.text.name, visionFile: p.vision.name, tokenizerFile: sorted.tokenizer!.name, tower: p.tower, vocabulary: p.tokenizer.vocabulary },
      };
    } finally {
      await p.vision.session.release().catch(() => undefined);
      await p.text.session.release().catch(() => undefined);
    }
  } catch (e) {
    throw refused(what, e);
  }
}

/** Runs a vision graph once on a blank input; the length of its descriptor vector, refused when it is no descriptor. */
async function visionCheck(opened: Awaited<ReturnType<typeof openGraph>>, d: ImageModelDescriptor): Promise<number> {
  const problem = descriptorProblem(d, opened.graph);
  if (problem) throw new ModelRefusal(problem);
  const probe: ModelRef = { id: 'probe', url: '', inputSize: Math.max(d.width, d.height), featureDim: 0, descriptor: d };
  let out;
  try {
    out = await opened.session.run(blankInput(opened.ort, opened.session, probe, 2));
  } catch (e) {
    throw new ModelRefusal(`a test inference on a blank ${d.width}×${d.height} input failed: ${AppError.from(e, 'features').message}`);
  }
  const t = out[d.output]!;
  const featureDim = outputVectorLength(t.dims, d.layout);
  const vectors = pooledOutput((await t.getData()) as Float32Array, t.dims, d.layout);
  Object.values(out).forEach((x) => x.dispose());
  if (t.dims[0] !== 2) throw new ModelRefusal(`its output "${d.output}" (${t.dims.join('×')}) does not follow the batch of the input`);
  if (featureDim < 2 || featureDim > 16384) throw new ModelRefusal(`its output gives ${featureDim} values per image; 2 to 16,384 make a descriptor`);
  if (!vectors.every(Number.isFinite)) throw new ModelRefusal('its output on a blank input is not finite');
  return featureDim;
}

/** A text query through a pair's text tower (session and tokenizer given). */
async function runText(ort: Ort, s: Session, tok: { tokenizer: Tokenizer; padId: number }, tower: TextTower, text: string): Promise<{ vector: Float32Array; tokens: number }> {
  const encoded = tok.tokenizer.encode(text).ids;
  const { ids, mask } = textInput(encoded, tower, tok.padId);
  const feeds: Record<string, InstanceType<Ort['Tensor']>> = { [tower.input]: new ort.Tensor('int64', ids, [1, ids.length]) };
  if (tower.mask) feeds[tower.mask] = new ort.Tensor('int64', mask, [1, mask.length]);
  const out = await s.run(feeds);
  const t = out[tower.output];
  if (!t) throw new AppError('inference', 'features', `the text tower gave no output "${tower.output}"`);
  const vector = Float32Array.from((await t.getData()) as Float32Array);
  Object.values(out).forEach((x) => x.dispose());
  return { vector, tokens: encoded.length };
}

const hex = async (...parts: Uint8Array<ArrayBuffer>[]) => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await new Blob(parts).arrayBuffer()));
  return Array.from(digest.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
};

const stored = (e: unknown) => AppError.from(e, 'storage', isQuotaError(e) ? 'quota' : 'storage');

/**
 * Checks the confirmed descriptor against the graph, runs it once on a blank input (the output must be finite,
 * its vector length known from it), for a pair also the text tower on words (the same length), and stores the
 * files under an id from their bytes: the same files twice are one model.
 */
async function installModel(req: { files: File[]; name: string; descriptor: ImageModelDescriptor }): Promise<ConvertedModel> {
  const sorted = sortFiles(req.files);
  const d = req.descriptor;
  const what = sorted.onnx.map((f) => f.name).join(' + ') || 'the files';
  if (sorted.onnx.length === 1 && !sorted.tokenizer) {
    const file = sorted.onnx[0]!;
    const opened = await openGraph(file);
    let featureDim: number;
    try {
      featureDim = await visionCheck(opened, d);
    } catch (e) {
      throw refused(file.name, e);
    } finally {
      await opened.session.release().catch(() => undefined);
    }
    const id = `onnx-${await hex(opened.bytes)}`;
    const meta: ConvertedModel = {
      id, file: `${id}.onnx`, bytes: opened.bytes.length, featureDim, inputSize: Math.max(d.width, d.height), convertedAt: Date.now(),
      image: { name: req.name.trim() || file.name.replace(/\.onnx$/i, ''), source: file.name, descriptor: d, kind: isClipLayout(d.layout) ? 'video' : 'image' },
    };
    await saveModelFile(meta.file, opened.bytes, meta).catch((e: unknown) => {
      throw stored(e);
    });
    if (current?.key.startsWith(`${id}@`)) current = null;
    return meta;
  }
  let p: OpenedPair;
  try {
    p = await openPair(sorted);
  } catch (e) {
    throw refused(what, e);
  }
  try {
    const featureDim = await visionCheck(p.vision, d);
    const probe = await runText(p.text.ort, p.text.session, p.tokenizer, p.tower, 'a photo').catch((e: unknown) => {
      throw new ModelRefusal(`the text tower failed on "a photo": ${AppError.from(e, 'features').message}`);
    });
    if (probe.vector.length !== featureDim) throw new ModelRefusal(`the text tower embeds in ${probe.vector.length} dimensions, the vision tower in ${featureDim}: not a pair`);
    if (!probe.vector.every(Number.isFinite)) throw new ModelRefusal('the text tower\'s embedding of "a photo" is not finite');
    const id = `clip-${await hex(p.vision.bytes, p.text.bytes)}`;
    const text = { file: `${id}-text.onnx`, tokenizer: `${id}-tokenizer.tok`, tokenizerConfig: sorted.tokenizerConfig ? `${id}-tokenizer-config.tok` : null, tower: p.tower, padId: p.tokenizer.padId, bytes: p.text.bytes.length };
    const meta: ConvertedModel = {
      id, file: `${id}.onnx`, bytes: p.vision.bytes.length, featureDim, inputSize: Math.max(d.width, d.height), convertedAt: Date.now(),
      image: { name: req.name.trim() || p.vision.name.replace(/\.onnx$/i, ''), source: p.vision.name, descriptor: d, kind: 'clip-pair' },
      text,
    };
    try {
      await writeModelBlob(text.file, p.text.bytes);
      await writeModelBlob(text.tokenizer, new Uint8Array(await sorted.tokenizer!.arrayBuffer()));
      if (text.tokenizerConfig) await writeModelBlob(text.tokenizerConfig, new Uint8Array(await sorted.tokenizerConfig!.arrayBuffer()));
      await saveModelFile(meta.file, p.vision.bytes, meta); // the metadata last: a pair cut off half-way is not listed
    } catch (e) {
      throw stored(e);
    }
    if (current?.key.startsWith(`${id}@`)) current = null;
    textSessions.delete(id);
    return meta;
  } catch (e) {
    throw refused(what, e);
  } finally {
    await p.vision.session.release().catch(() => undefined);
    await p.text.session.release().catch(() => undefined);
  }
}

/** Text towers kept open (one per pair: a few MB), with their tokenizers. */
const textSessions = new Map<string, Promise<{ ort: Ort; session: Session; tok: { tokenizer: Tokenizer; padId: number } }>>();

async function embedText({ model, text }: { model: ModelRef; text: string }): Promise<{ vector: Float32Array; tokens: number }> {
  const side = model.text;
  if (!side) throw new AppError('model-load', 'features', `${model.id} has no text tower: search by words needs a CLIP pair`);
  let open = textSessions.get(model.id);
  if (!open) {
    open = (async () => {
      const ort = await ortFor('wasm');
      const session = await ort.InferenceSession.create(new Uint8Array(await modelBytes(side.url)), { executionProviders: ['wasm'], logSeverityLevel: 3 });
      const json = JSON.parse(new TextDecoder().decode(await modelBytes(side.tokenizerUrl))) as unknown;
      const config = side.configUrl ? (JSON.parse(new TextDecoder().decode(await modelBytes(side.configUrl))) as unknown) : null;
      const tok = await openTokenizer(json, config, 'the stored tokenizer');
      return { ort, session, tok };
    })();
    textSessions.set(model.id, open);
    open.catch(() => textSessions.delete(model.id));
  }
  const { ort, session: s, tok } = await open.catch((e: unknown) => {
    throw new AppError('model-load', 'features', `the text tower of ${model.id} could not be loaded: ${AppError.from(e, 'features').message}`);
  });
  return runText(ort, s, tok, side.tower, text);
}

// onnxruntime-web starts its wasm threads from this same script (named
// "em-pthread"); those must not answer our RPC.
if (!self.name.startsWith('em-pthread')) serve<FeaturesProtocol>('features', {
    probe: probeGpu, threads: ({ count }) => (setOrtThreads(count), null), extract, embedImages, convert, inspectModel, installModel, embedText,
    embed: __TEST_API__ ? embed : notInThisBuild('features'),
  });
