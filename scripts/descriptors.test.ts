// Features mean something: views of the same real photograph are nearer than
// views of different photographs, for each bundled model (figures: decision 0003),
// and the int8 builds keep that quality (decision 0010).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kerasToOnnx } from '../src/stages/features/convert/kerasToOnnx';
import { loadPackagedModel } from '../src/stages/features/convert/nsfwjsPackage';
import { readTfjsModel } from '../src/stages/features/convert/tfjsModel';
import { isBundled, type ModelManifest } from '../src/stages/features/models';
import { retrievalScores } from '../src/stages/features/retrieval';
import { embed } from './lib/onnxNode';
import { readRanges } from './lib/int8Build';
import * as ortWasm from 'onnxruntime-web';
import { toNchw } from '../src/stages/features/convert/testing';
import { availablePhotos, photoViews, PHOTO_PACKAGES } from './lib/photos';

const manifest = JSON.parse(readFileSync('public/models/models.json', 'utf8')) as ModelManifest;

const cosine = (a: Float32Array, b: Float32Array) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) [ab, aa, bb] = [ab + a[i]! * b[i]!, aa + a[i]! * a[i]!, bb + b[i]! * b[i]!];
  return ab / Math.sqrt(aa * bb);
};

/** onnxruntime-web's WebAssembly build (the browser's kernels) on the same images, in Node. */
async function embedWasm(onnx: Uint8Array, images: Float32Array[], size: number): Promise<Float32Array[]> {
  ortWasm.env.wasm.numThreads = 1;
  const session = await ortWasm.InferenceSession.create(onnx, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const out: Float32Array[] = [];
  for (const image of images) {
    const r = await session.run({ pixels: new ortWasm.Tensor('float32', toNchw(image, 1, size), [1, 3, size, size]) });
    out.push(r[session.outputNames[0]!]!.data as Float32Array);
  }
  await session.release();
  return out;
}

describe.each(manifest.models.filter(isBundled).map((m) => [m.id, m] as const))('%s descriptors on real photographs', (_id, spec) => {
  it('find other views of the same scene', async () => {
    const photos = availablePhotos();
    expect(photos.length, `install the photo packages: apt-get install ${PHOTO_PACKAGES}`).toBeGreaterThanOrEqual(12);
    const { json, shards } = loadPackagedModel(spec);
    const { layers, weights } = readTfjsModel(json, shards);
    const r = kerasToOnnx(layers, weights, { inputSize: spec.inputSize, scaling: spec.scaling, outputLayer: spec.output.layer, pool: spec.output.pool });
    const views = photos.map((p) => photoViews(p, spec.inputSize));
    const labels = views.flatMap((v, i) => v.map(() => String(i)));
    const s = retrievalScores(await embed(r.onnx, views.flat(), spec.inputSize), labels);
    console.log(`${spec.id}: ${photos.length} photos × ${views[0]!.length} views: P@1 ${s.precisionAt1.toFixed(3)}, P@3 ${s.precisionAtK.toFixed(3)}, mAP ${s.meanAveragePrecision.toFixed(3)}, margin ${s.margin.toFixed(3)}`);
    expect(s.margin).toBeGreaterThan(0.03); // same scene nearer than different scenes, on average
    expect(s.precisionAt1).toBeGreaterThanOrEqual(0.8); // chance: 3 / 71 ≈ 0.04
    expect(s.meanAveragePrecision).toBeGreaterThanOrEqual(0.65);
    if (!spec.int8) return;

    // The int8 build the WebAssembly backend runs: within 0.02 mAP of the float graph (issue 14's bar),
    // and onnxruntime-web's integer kernels agree with onnxruntime-node's.
    const q = kerasToOnnx(layers, weights, { inputSize: spec.inputSize, scaling: spec.scaling, outputLayer: spec.output.layer, pool: spec.output.pool, int8: readRanges(spec.id) });
    const float = await embed(r.onnx, views.flat(), spec.inputSize);
    const int8 = await embed(q.onnx, views.flat(), spec.inputSize);
    const s8 = retrievalScores(int8, labels);
    const agree = float.reduce((n, f, i) => n + cosine(f, int8[i]!), 0) / float.length;
    console.log(`${spec.id} int8: P@1 ${s8.precisionAt1.toFixed(3)}, mAP ${s8.meanAveragePrecision.toFixed(3)}, mean cosine to float ${agree.toFixed(4)}`);
    expect(s8.meanAveragePrecision).toBeGreaterThanOrEqual(s.meanAveragePrecision - 0.02);
    expect(agree).toBeGreaterThan(0.95);
    const sample = views.flat().slice(0, 4);
    const wasm = await embedWasm(q.onnx, sample, spec.inputSize);
    wasm.forEach((w, i) => expect(cosine(w, int8[i]!)).toBeGreaterThan(0.99));
  }, 240_000);
});
