// Xception from a Keras .h5: a synthetic weights file with Keras' exact layer
// names and shapes (random weights) goes through the same reader and
// converter as the real ImageNet file, and must match tfjs-layers running
// Xception with the same weights.
import * as tf from '@tensorflow/tfjs';
import * as h5wasm from 'h5wasm/node';
import * as ort from 'onnxruntime-node';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasHdf5Signature, readKerasH5, writeKerasH5, type H5Module } from './h5Weights';
import { kerasToOnnx } from './kerasToOnnx';
import { convertXceptionH5 } from './xception';
import { maxAbsDiff, randomImages, syntheticWeights, toNchw } from './testing';
import type { WeightMap } from './weights';
import { XCEPTION_FEATURE_DIM, xceptionLayers, xceptionModelJson, xceptionWeightShapes } from './xceptionTopology';

const SIZE = 71; // Keras' smallest Xception input: same graph, 18× less work than 299

beforeAll(async () => {
  await tf.setBackend('cpu');
  await h5wasm.ready;
});

describe('Xception from a Keras .h5 weights file', () => {
  it('has the layer names and shapes of keras_applications Xception', () => {
    const shapes = xceptionWeightShapes();
    expect(shapes.get('block1_conv1/kernel')).toEqual([3, 3, 3, 32]);
    expect(shapes.get('conv2d_4/kernel')).toEqual([1, 1, 728, 1024]);
    expect(shapes.get('block14_sepconv2/pointwise_kernel')).toEqual([1, 1, 1536, 2048]);
    expect(shapes.get('block12_sepconv3_bn/moving_variance')).toEqual([728]);
    // 20,861,480 parameters: Keras' Xception without its classifier
    expect([...shapes.values()].reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0)).toBe(20_861_480);
  });

  it('converts to ONNX that matches tfjs-layers on random images within 1e-3 of the output scale', async () => {
    const weights = syntheticWeights(xceptionWeightShapes(), 42);
    const path = join(mkdtempSync(join(tmpdir(), 'xception-')), 'xception_weights_tf_dim_ordering_tf_kernels_notop.h5');
    // Keras files number the unnamed residual layers from 0: write them that way to check the renumbering.
    const fileNames = new Map([['conv2d_1', 'conv2d'], ['conv2d_2', 'conv2d_1'], ['conv2d_3', 'conv2d_2'], ['conv2d_4', 'conv2d_3'],
      ['batch_normalization_1', 'batch_normalization'], ['batch_normalization_2', 'batch_normalization_1'],
      ['batch_normalization_3', 'batch_normalization_2'], ['batch_normalization_4', 'batch_normalization_3']]);
    const asInFile: WeightMap = new Map([...weights].map(([k, w]) => {
      const [layer, param] = k.split('/') as [string, string];
      return [`${fileNames.get(layer) ?? layer}/${param}`, w];
    }));
    const order = xceptionLayers().map((l) => fileNames.get(l.name) ?? l.name);
    writeKerasH5(h5wasm as unknown as H5Module, path, order, asInFile);

    const read = readKerasH5(h5wasm as unknown as H5Module, path);
    expect(read.size).toBe(weights.size);
    const r = kerasToOnnx(xceptionLayers(SIZE), read, { inputSize: SIZE, scaling: 'minus-one-one', outputLayer: 'avg_pool', pool: true });
    expect(r.featureDim).toBe(XCEPTION_FEATURE_DIM);
    // A file that is not Xception's weights is refused with a clear reason.
    const other = join(mkdtempSync(join(tmpdir(), 'other-')), 'other.h5');
    writeKerasH5(h5wasm as unknown as H5Module, other, ['dense_1'], new Map([['dense_1/kernel', { shape: [2, 2], data: new Float32Array(4) }]]));
    expect(() => convertXceptionH5(h5wasm as unknown as H5Module, other)).toThrow(/not the Xception ImageNet weights: block1_conv1\/kernel is missing/);
    // Files are checked for HDF5's signature before h5wasm opens them (its error stack would reach the console).
    expect(hasHdf5Signature(readFileSync(other))).toBe(true);
    expect(hasHdf5Signature(new TextEncoder().encode('These are meeting notes, not weights.'))).toBe(false);
    expect(hasHdf5Signature(new Uint8Array(0))).toBe(false);

    const model = (await tf.models.modelFromJSON(xceptionModelJson(SIZE) as unknown as tf.io.ModelJSON['modelTopology'] as never)) as tf.LayersModel;
    for (const layer of model.layers) {
      if (!layer.weights.length) continue;
      layer.setWeights(layer.weights.map((w) => {
        const param = w.name.split('/').pop()!.replace(/_\d+$/, '').replace(/:\d+$/, '');
        const src = weights.get(`${layer.name}/${param}`);
        if (!src || !('data' in src)) throw new Error(`no weight for ${layer.name}/${param}`);
        return tf.tensor(src.data, src.shape);
      }));
    }
    const n = 2;
    const nhwc = randomImages(n, SIZE, 3);
    const expected = tf.tidy(() => (model.predict(tf.tensor4d(nhwc, [n, SIZE, SIZE, 3]).div(127.5).sub(1)) as tf.Tensor).dataSync() as Float32Array);
    const session = await ort.InferenceSession.create(r.onnx);
    const out = await session.run({ pixels: new ort.Tensor('float32', toNchw(nhwc, n, SIZE), [n, 3, SIZE, SIZE]) });
    const actual = out[session.outputNames[0]!]!.data as Float32Array;
    const scale = Math.max(...expected.map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    expect(maxAbsDiff(actual, expected) / scale).toBeLessThan(1e-3);
  }, 180_000);
});
