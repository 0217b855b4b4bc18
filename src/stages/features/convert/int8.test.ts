import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isBundled, type ModelManifest } from '../models';
import { foldBatchNorm, int32Bias, int8PerChannel, observe, plan, uint8Params, type Ranges } from './int8';
import { ancestors, type KerasLayer } from './keras';
import { loadPackagedModel } from './nsfwjsPackage';
import { readTfjsModel } from './tfjsModel';

describe('uint8Params', () => {
  it('covers a ReLU output from zero', () => {
    expect(uint8Params([0, 25.5])).toEqual({ scale: 0.1, zeroPoint: 0 });
  });
  it('represents zero exactly for a signed range and widens one that excludes zero', () => {
    const p = uint8Params([-1, 3]);
    expect(p.scale).toBeCloseTo(4 / 255, 12);
    expect(p.zeroPoint).toBe(64);
    expect(uint8Params([2, 4])).toEqual({ scale: 4 / 255, zeroPoint: 0 });
    expect(uint8Params([0, 0]).scale).toBeGreaterThan(0);
  });
});

describe('int8PerChannel', () => {
  it('gives each output channel its own scale, the largest weight 127', () => {
    const w = new Float32Array([0.5, -1, 0.25, 0.001, 0.002, -0.0005, 0, 0, 0]);
    const { q, scales } = int8PerChannel(w, 3);
    expect([...q.slice(0, 3)]).toEqual([64, -127, 32]);
    expect(q[4]).toBe(127);
    expect(scales[0]).toBeCloseTo(1 / 127, 9);
    expect(scales[1]).toBeCloseTo(0.002 / 127, 9);
    expect(scales[2]).toBe(1); // an all-zero channel stays valid
    for (let i = 0; i < w.length; i++) expect(Math.abs(q[i]! * scales[Math.floor(i / 3)]! - w[i]!)).toBeLessThanOrEqual(scales[Math.floor(i / 3)]! / 2 + 1e-9);
  });
  it('puts the bias in the product scale', () => {
    const { q, scales } = int32Bias(new Float32Array([1, -0.5]), 0.1, new Float32Array([0.01, 0.02]));
    expect([...q]).toEqual([1000, -250]);
    expect(scales[0]).toBeCloseTo(0.001, 9);
  });
});

describe('foldBatchNorm', () => {
  it('gives the same output as the convolution followed by batch norm', () => {
    // A 1×1 convolution over 3 channels into 2: y[c] = Σ k[c][i]·x[i] + b[c].
    const kernel = new Float32Array([0.2, -0.4, 1, 0.5, 0.1, -0.3]);
    const bias = new Float32Array([0.1, -0.2]);
    const bn = { gamma: new Float32Array([1.5, 0.5]), beta: new Float32Array([0.3, -0.1]), mean: new Float32Array([0.2, 0.4]), variance: new Float32Array([4, 0.25]), epsilon: 1e-3 };
    const x = [0.7, -1.2, 2];
    const folded = foldBatchNorm(kernel, bias, bn);
    for (let c = 0; c < 2; c++) {
      const y = kernel[c * 3]! * x[0]! + kernel[c * 3 + 1]! * x[1]! + kernel[c * 3 + 2]! * x[2]! + bias[c]!;
      const expected = (bn.gamma[c]! * (y - bn.mean[c]!)) / Math.sqrt(bn.variance[c]! + bn.epsilon) + bn.beta[c]!;
      const actual = folded.kernel[c * 3]! * x[0]! + folded.kernel[c * 3 + 1]! * x[1]! + folded.kernel[c * 3 + 2]! * x[2]! + folded.bias[c]!;
      expect(actual).toBeCloseTo(expected, 5);
    }
  });
});

const layer = (name: string, class_name: string, inputs: string[]): KerasLayer => ({ name, class_name, config: {}, inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0])] : [] });

describe('plan', () => {
  it('quantises what feeds arithmetic, folds batch norms and lets max pooling and padding inherit', () => {
    const layers = [
      layer('input', 'InputLayer', []),
      layer('conv', 'Conv2D', ['input']), layer('bn', 'BatchNormalization', ['conv']), layer('relu', 'Activation', ['bn']),
      layer('pad', 'ZeroPadding2D', ['relu']), layer('dw', 'DepthwiseConv2D', ['pad']), layer('dw_bn', 'BatchNormalization', ['dw']),
      layer('pool', 'MaxPooling2D', ['relu']), layer('conv2', 'Conv2D', ['pool']), layer('bn2', 'BatchNormalization', ['conv2']),
      layer('add', 'Add', ['dw_bn', 'bn2']),
    ];
    const p = plan(layers, 'add');
    expect([...p.calibrated].sort()).toEqual(['add', 'bn2', 'dw_bn', 'input', 'relu']);
    expect([...p.inherited].sort()).toEqual(['pad', 'pool']);
    expect(Object.fromEntries(p.folds)).toEqual({ conv: 'bn', dw: 'dw_bn', conv2: 'bn2' });
  });

  it('covers every layer of the bundled int8 model that the committed calibration has a range for', () => {
    const manifest = JSON.parse(readFileSync('public/models/models.json', 'utf8')) as ModelManifest;
    for (const spec of manifest.models.filter(isBundled).filter((m) => m.int8)) {
      const { json, shards } = loadPackagedModel(spec);
      const { layers } = readTfjsModel(json, shards);
      const ranges = (JSON.parse(readFileSync(`src/stages/features/calibration/${spec.id}.json`, 'utf8')) as { ranges: Ranges }).ranges;
      const cut = ancestors(layers, spec.output.layer);
      const p = plan(cut, spec.output.layer);
      expect([...p.calibrated].sort()).toEqual(Object.keys(ranges).sort());
      expect(p.folds.size).toBe(cut.filter((l) => l.class_name === 'Conv2D').length);
    }
  });
});

describe('observe', () => {
  it('widens each range over batches', () => {
    const r: Ranges = {};
    observe(r, ['a', 'b'], [new Float32Array([0, 2]), new Float32Array([-1, 1])]);
    observe(r, ['a', 'b'], [new Float32Array([3]), new Float32Array([0.5])]);
    expect(r).toEqual({ a: [0, 3], b: [-1, 1] });
  });
});
