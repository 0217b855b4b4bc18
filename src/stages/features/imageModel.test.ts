import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import {
  descriptorProblem, describeInput, IMAGENET_MEAN, IMAGENET_STD, inferDescriptor, inputDims, ModelRefusal, outputVectorLength, pixelsToInput, pooledOutput,
  type GraphShapes, type ImageModelDescriptor,
} from './imageModel';
import { nhwcTestModel } from './testModels';

ort.env.wasm.numThreads = 1;

const graph = (input: (number | string)[], ...outputs: (number | string)[][]): GraphShapes => ({
  inputs: [{ name: 'x', shape: input }],
  outputs: outputs.map((shape, i) => ({ name: `y${i}`, shape })),
});

describe('descriptor from the graph', () => {
  it('reads a channels-first model of fixed size as a PyTorch export', () => {
    const { descriptor, notes } = inferDescriptor(graph([1, 3, 224, 224], [1, 1000]));
    expect(descriptor).toEqual({
      input: 'x', layout: 'nchw', width: 224, height: 224, colour: 'rgb', output: 'y0', crop: 'halves',
      scaling: { kind: 'mean-std', mean: IMAGENET_MEAN, std: IMAGENET_STD },
    });
    expect(notes.join(' ')).toMatch(/not in the graph/);
  });

  it('reads a channels-last model, its dynamic size chosen and said, the first vector or map output taken', () => {
    const { descriptor, notes } = inferDescriptor(graph(['N', 'h', 'w', 3], ['N'], ['N', 7, 7, 1280], ['N', 1280]));
    expect(descriptor).toMatchObject({ layout: 'nhwc', width: 224, height: 224, output: 'y1', scaling: { kind: 'symmetric' } });
    expect(notes.filter((n) => /dynamic/.test(n))).toHaveLength(2);
    expect(notes.join(' ')).toMatch(/3 outputs: "y1" chosen/);
    // a non-square fixed size keeps its sides apart
    expect(inferDescriptor(graph(['N', 128, 160, 3], ['N', 16])).descriptor).toMatchObject({ width: 160, height: 128 });
  });

  it('refuses what is not one image in and a vector or map out, saying why', () => {
    const refusal = (g: GraphShapes) => {
      try {
        inferDescriptor(g);
      } catch (e) {
        expect(e).toBeInstanceOf(ModelRefusal);
        return (e as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refusal(graph([1, 77], [1, 512]))).toMatch(/2 axes/);
    expect(refusal(graph([1, 4, 64, 64], [1, 8]))).toMatch(/no axis of 3 colour channels/);
    expect(refusal(graph([1, 3, 64, 64], [1]))).toMatch(/no output is a vector or a feature map/);
    expect(refusal({ inputs: [{ name: 'a', shape: [1, 3, 8, 8] }, { name: 'b', shape: [1, 3, 8, 8] }], outputs: [] })).toMatch(/takes 2 inputs/);
  });

  it('reads a video clip model: its time axis gives the frames per clip, fixed or chosen', () => {
    const { descriptor, notes } = inferDescriptor(graph([1, 3, 16, 112, 128], [1, 400], [1, 512]));
    expect(descriptor).toMatchObject({ layout: 'ncthw', frames: 16, width: 128, height: 112, output: 'y0' });
    expect(notes.join(' ')).toMatch(/run of 16 sampled frames/);
    const last = inferDescriptor(graph(['N', 'T', 224, 224, 3], ['N', 256])).descriptor;
    expect(last).toMatchObject({ layout: 'nthwc', frames: 8, width: 224 });
    expect(inputDims(last, 2)).toEqual([2, 8, 224, 224, 3]);
    const g = graph([1, 3, 16, 112, 128], [1, 400]);
    expect(descriptorProblem({ ...descriptor, frames: 8 }, g)).toMatch(/fixes the input clip length at 16/);
    expect(descriptorProblem({ ...descriptor, layout: 'nchw' }, g)).toMatch(/has 4 axes; the graph's has 5/);
  });

  it('checks an edited descriptor against the graph', () => {
    const g = graph(['N', 3, 'h', 240], ['N', 64]);
    const d = inferDescriptor(g).descriptor;
    expect(d.width).toBe(240);
    expect(descriptorProblem(d, g)).toBeNull();
    expect(descriptorProblem({ ...d, width: 200 }, g)).toMatch(/fixes the input width at 240/);
    expect(descriptorProblem({ ...d, height: 8 }, g)).toMatch(/from 16 to 1024/);
    expect(descriptorProblem({ ...d, layout: 'nhwc' }, g)).toMatch(/channel axis/);
    expect(descriptorProblem({ ...d, output: 'logits' }, g)).toMatch(/no output "logits"/);
    expect(descriptorProblem({ ...d, scaling: { kind: 'mean-std', mean: [0, 0, 0], std: [1, 0, 1] } }, g)).toMatch(/above 0/);
  });
});

describe('pixels in, vectors out', () => {
  // two pixels: pure red, then (0, 51, 255)
  const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 51, 255, 255]);
  const base: ImageModelDescriptor = { input: 'x', layout: 'nchw', width: 2, height: 1, colour: 'rgb', scaling: { kind: 'unit' }, output: 'y', crop: 'whole' };

  it('lays channels first or last, in either colour order, with each scaling', () => {
    const run = (d: ImageModelDescriptor) => {
      const out = new Float32Array(7).fill(-9);
      pixelsToInput(rgba, d, out, 1);
      return Array.from(out.subarray(1)).map((v) => +v.toFixed(4));
    };
    expect(run(base)).toEqual([1, 0, 0, 0.2, 0, 1]); // R plane, G plane, B plane
    expect(run({ ...base, colour: 'bgr' })).toEqual([0, 1, 0, 0.2, 1, 0]);
    expect(run({ ...base, layout: 'nhwc', scaling: { kind: 'symmetric' } })).toEqual([1, -1, -1, -1, -0.6, 1]);
    expect(run({ ...base, scaling: { kind: 'raw' } })).toEqual([255, 0, 0, 51, 0, 255]);
    const ms = run({ ...base, scaling: { kind: 'mean-std', mean: [0.5, 0.5, 0.5], std: [0.5, 0.25, 0.5] } });
    expect(ms).toEqual([1, -1, -2, -1.2, -1, 1]);
    expect(inputDims({ ...base, layout: 'nhwc' }, 5)).toEqual([5, 1, 2, 3]);
    expect(describeInput(base)).toBe('2×1 NCHW, RGB 0–1, whole frame');
    // the second frame of a 2-frame clip: channels first (C, T, H, W) and last (T, H, W, C)
    const clip = (layout: 'ncthw' | 'nthwc') => {
      const out = new Float32Array(12).fill(-9);
      pixelsToInput(rgba, { ...base, layout, frames: 2 }, out, 0, 1);
      return Array.from(out).map((v) => +v.toFixed(4));
    };
    expect(clip('ncthw')).toEqual([-9, -9, 1, 0, -9, -9, 0, 0.2, -9, -9, 0, 1]);
    expect(clip('nthwc')).toEqual([-9, -9, -9, -9, -9, -9, 1, 0, 0, 0, 0.2, 1]);
  });

  it('takes vectors as they are, and averages tokens and feature maps of either layout', () => {
    expect(Array.from(pooledOutput(Float32Array.from([1, 2, 3, 4]), [2, 2], 'nchw'))).toEqual([1, 2, 3, 4]);
    // 1 crop, 2 channels, 2×1 map: channel means
    expect(Array.from(pooledOutput(Float32Array.from([1, 3, 10, 20]), [1, 2, 1, 2], 'nchw'))).toEqual([2, 15]);
    // the same map channels-last: [h][w][c]
    expect(Array.from(pooledOutput(Float32Array.from([1, 10, 3, 20]), [1, 1, 2, 2], 'nhwc'))).toEqual([2, 15]);
    // 2 crops × 2 tokens × 2 values
    expect(Array.from(pooledOutput(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), [2, 2, 2], 'nchw'))).toEqual([2, 3, 6, 7]);
    expect(outputVectorLength([4, 7, 7, 1280], 'nhwc')).toBe(1280);
    expect(() => outputVectorLength([4, 2, 2, 2, 2, 2], 'nchw')).toThrow(ModelRefusal);
    // a clip model's 3-D feature map, channels first: means over time and space
    expect(Array.from(pooledOutput(Float32Array.from([1, 3, 10, 20]), [1, 2, 2, 1, 1], 'ncthw'))).toEqual([2, 15]);
  });

  it('a built channels-last model of 160×128 runs in onnxruntime with the descriptor its graph suggests', async () => {
    const s = await ort.InferenceSession.create(nhwcTestModel(160, 128), { executionProviders: ['wasm'] });
    const shapes = (l: typeof s.inputMetadata) => l.map((m) => ({ name: m.name, shape: m.isTensor ? [...m.shape] : [] }));
    const { descriptor: d } = inferDescriptor({ inputs: shapes(s.inputMetadata), outputs: shapes(s.outputMetadata) });
    expect(d).toMatchObject({ input: 'pixels', layout: 'nhwc', width: 160, height: 128, output: 'embedding' });
    // a red image and a blue one: different vectors of 16
    const per = 160 * 128;
    const image = (rgb: number[]) => Uint8ClampedArray.from({ length: per * 4 }, (_, i) => (i % 4 === 3 ? 255 : rgb[i % 4]!));
    const input = new Float32Array(2 * per * 3);
    pixelsToInput(image([200, 30, 30]), d, input, 0);
    pixelsToInput(image([30, 30, 200]), d, input, per * 3);
    const out = await s.run({ pixels: new ort.Tensor('float32', input, inputDims(d, 2)) });
    const t = out[d.output]!;
    expect(outputVectorLength(t.dims, d.layout)).toBe(16);
    const v = pooledOutput(t.data as Float32Array, t.dims, d.layout);
    const diff = v.subarray(0, 16).reduce((sum, x, i) => sum + Math.abs(x - v[16 + i]!), 0);
    expect(diff).toBeGreaterThan(0.1);
    // the colour output is the mean of each input channel: red then blue, on −1…1
    const colour = out.colour!.data as Float32Array;
    expect(Array.from(colour.subarray(0, 3), (x) => +x.toFixed(3))).toEqual([200, 30, 30].map((c) => +((2 * c) / 255 - 1).toFixed(3)));
    await s.release();
  });
});
