// The converted bundled models against TensorFlow.js running the very same
// Keras model and weights (tfjs-layers loads the nsfwjs files directly).
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isBundled, type ModelManifest } from '../models';
import { kerasToOnnx } from './kerasToOnnx';
import { loadPackagedModel } from './nsfwjsPackage';
import { concat } from '../../../core/concat';
import { readTfjsModel } from './tfjsModel';
import { randomImages, maxAbsDiff, toNchw } from './testing';

const manifest = JSON.parse(readFileSync('public/models/models.json', 'utf8')) as ModelManifest;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function tfjsReference(id: string, layer: string, nhwc: Float32Array, n: number, size: number): Promise<Float32Array> {
  const spec = manifest.models.filter(isBundled).find((m) => m.id === id)!;
  const { json, shards } = loadPackagedModel(spec);
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
    weightData: concat(Uint8Array, shards).buffer,
  }));
  const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
  return tf.tidy(() => {
    let y = sub.predict(tf.tensor4d(nhwc, [n, size, size, 3]).div(255)) as tf.Tensor;
    if (y.rank === 4) y = y.mean([1, 2]);
    return y.dataSync() as Float32Array;
  });
}

async function onnxRun(onnx: Uint8Array, nchw: Float32Array, n: number, size: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(onnx);
  const out = await session.run({ pixels: new ort.Tensor('float32', nchw, [n, 3, size, size]) });
  return out[session.outputNames[0]!]!.data as Float32Array;
}

describe.each(manifest.models.filter(isBundled).map((m) => [m.id, m] as const))('%s converted to ONNX', (_id, spec) => {
  it('matches TensorFlow.js on random images within 1e-3 of the output scale', async () => {
    const { json, shards } = loadPackagedModel(spec);
    const { layers, weights } = readTfjsModel(json, shards);
    const r = kerasToOnnx(layers, weights, { inputSize: spec.inputSize, scaling: spec.scaling, outputLayer: spec.output.layer, pool: spec.output.pool });
    expect(r.featureDim).toBe(spec.featureDim);
    // Quantised weights stay uint8: the file is about a quarter of fp32.
    const n = 2;
    const nhwc = randomImages(n, spec.inputSize, 7);
    const expected = await tfjsReference(spec.id, spec.output.layer, nhwc, n, spec.inputSize);
    const actual = await onnxRun(r.onnx, toNchw(nhwc, n, spec.inputSize), n, spec.inputSize);
    expect(actual.length).toBe(n * spec.featureDim);
    const scale = Math.max(...expected.map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    expect(maxAbsDiff(actual, expected) / scale).toBeLessThan(1e-3);
  }, 180_000);
});
