// Features worker: onnxruntime-web on WebGPU or WebAssembly. Reads stored
// frames, cuts each into left/right squares, runs the CNN in batches and
// appends float16 frame vectors to the video's feature store as it goes.
import { ortFor, type Ort } from '../../core/ortRuntime';
import { AppError, isQuotaError } from '../../core/errors';
import { serve } from '../../rpc/workerRpc';
import { notInThisBuild } from '../../core/testBuild';
import { FeatureWriter, readFeatures } from '../../storage/featureStore';
import { lookId, lookOwner } from '../../core/ids';
import { FrameReader } from '../../storage/frameReader';
import { whileChanging } from '../../storage/opfs';
import { readModelFile, saveModelFile } from '../../storage/modelStore';
import { probeGpu } from '../../core/gpuProbe';
import type { Backend } from './backendChoice';
import { cropRegions, frameCrops } from './cropGeometry';
import {
  descriptorProblem, inferDescriptor, inputDims, ModelRefusal, outputVectorLength, pixelsToInput, pooledOutput, type GraphShapes, type ImageModelDescriptor,
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
  canvas ??= new OffscreenCanvas(size, size);
  if (canvas.width !== size) canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
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

/** A loaded ONNX image model: its crops, size, layout, colour order and scaling in, its chosen output pooled out. */
async function embedWithDescriptor(images: Blob[], model: ModelRef, d: ImageModelDescriptor, backend: Backend): Promise<Float32Array[]> {
  canvas ??= new OffscreenCanvas(d.width, d.height);
  if (canvas.width !== d.width || canvas.height !== d.height) [canvas.width, canvas.height] = [d.width, d.height];
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
  const bitmaps = await Promise.all(images.map((b) => createImageBitmap(b)));
  const crops = bitmaps.map((b) => cropRegions(d.crop, b.width, b.height));
  const total = crops.reduce((n, c) => n + c.length, 0);
  const per = 3 * d.width * d.height;
  const input = new Float32Array(total * per);
  let k = 0;
  bitmaps.forEach((bmp, f) => {
    for (const c of crops[f]!) {
      ctx.drawImage(bmp, c.sx, c.sy, c.sw, c.sh, 0, 0, d.width, d.height);
      pixelsToInput(ctx.getImageData(0, 0, d.width, d.height).data, d, input, k++ * per);
    }
    bmp.close();
  });
  const { session: s, ort } = await session(model, backend);
  const out = await s.run({ [d.input]: new ort.Tensor('float32', input, inputDims(d, total)) });
  const t = out[d.output];
  if (!t) throw new AppError('inference', 'features', `the model gave no output "${d.output}"`);
  const pooled = pooledOutput((await t.getData()) as Float32Array, t.dims, d.layout);
  Object.values(out).forEach((x) => x.dispose());
  return frameVectors(pooled, model.featureDim, crops.map((c) => c.length));
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
async function openGraph(file: File): Promise<{ bytes: Uint8Array<ArrayBuffer>; ort: Ort; session: Session; graph: GraphShapes }> {
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
  return { bytes, ort, session: s, graph: { inputs: shapes(s.inputMetadata), outputs: shapes(s.outputMetadata) } };
}

const refused = (file: File, e: unknown) =>
  e instanceof ModelRefusal ? new AppError('model-load', 'features', `${file.name}: ${e.message}`) : e;

async function inspectModel({ file }: { file: File }): Promise<InspectedModel> {
  const { session: s, graph, bytes } = await openGraph(file);
  try {
    return { graph, ...inferDescriptor(graph), bytes: bytes.length };
  } catch (e) {
    throw refused(file, e);
  } finally {
    await s.release().catch(() => undefined);
  }
}

/**
 * Checks the confirmed descriptor against the graph, runs it once on a blank input (the output must be finite,
 * its vector length known from it), and stores the file under an id from its bytes: the same file twice is one model.
 */
async function installModel(req: { file: File; name: string; descriptor: ImageModelDescriptor }): Promise<ConvertedModel> {
  const { file, descriptor: d } = req;
  const { session: s, graph, bytes, ort } = await openGraph(file);
  let featureDim: number;
  try {
    const problem = descriptorProblem(d, graph);
    if (problem) throw new ModelRefusal(problem);
    const probe: ModelRef = { id: 'probe', url: '', inputSize: Math.max(d.width, d.height), featureDim: 0, descriptor: d };
    let out;
    try {
      out = await s.run(blankInput(ort, s, probe, 2));
    } catch (e) {
      throw new ModelRefusal(`a test inference on a blank ${d.width}×${d.height} input failed: ${AppError.from(e, 'features').message}`);
    }
    const t = out[d.output]!;
    const vectors = pooledOutput((await t.getData()) as Float32Array, t.dims, d.layout);
    Object.values(out).forEach((x) => x.dispose());
    featureDim = outputVectorLength(t.dims, d.layout);
    if (t.dims[0] !== 2) throw new ModelRefusal(`its output "${d.output}" (${t.dims.join('×')}) does not follow the batch of the input`);
    if (featureDim < 2 || featureDim > 16384) throw new ModelRefusal(`its output gives ${featureDim} values per image; 2 to 16,384 make a descriptor`);
    if (!vectors.every(Number.isFinite)) throw new ModelRefusal('its output on a blank input is not finite');
  } catch (e) {
    throw refused(file, e);
  } finally {
    await s.release().catch(() => undefined);
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const id = `onnx-${Array.from(digest.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  const meta: ConvertedModel = {
    id, file: `${id}.onnx`, bytes: bytes.length, featureDim, inputSize: Math.max(d.width, d.height), convertedAt: Date.now(),
    image: { name: req.name.trim() || file.name.replace(/\.onnx$/i, ''), source: file.name, descriptor: d },
  };
  await saveModelFile(meta.file, bytes, meta).catch((e: unknown) => {
    throw AppError.from(e, 'storage', isQuotaError(e) ? 'quota' : 'storage');
  });
  if (current?.key.startsWith(`${id}@`)) current = null;
  return meta;
}

// onnxruntime-web starts its wasm threads from this same script (named
// "em-pthread"); those must not answer our RPC.
if (!self.name.startsWith('em-pthread')) serve<FeaturesProtocol>('features', {
    probe: probeGpu, extract, embedImages, convert, inspectModel, installModel,
    embed: __TEST_API__ ? embed : notInThisBuild('features'),
  });
