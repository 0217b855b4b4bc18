// Small ONNX image models the tests build themselves (no weights to download): random convolution weights, a
// layout and size other than the bundled models'. Used by the unit tests and the e2e fixtures.
import { OnnxGraph } from '../../core/onnx/onnxGraph';
import { rng } from '../../core/random';

/**
 * Channels-last input `pixels` (batch × height × width × 3) → a 3×3 stride-2 convolution with 16 random filters →
 * ReLU → global average: output `embedding` (batch × 16); a second output, `colour`, the mean of each channel.
 */
export function nhwcTestModel(width: number, height: number, seed = 7): Uint8Array {
  const g = new OnnxGraph();
  const r = rng(seed);
  const nchw = g.node('Transpose', ['pixels'], { perm: [0, 3, 1, 2] }, 'to_nchw');
  const w = g.floats('conv_w', [16, 3, 3, 3], Float32Array.from({ length: 16 * 27 }, () => r() - 0.5));
  const b = g.floats('conv_b', [16], Float32Array.from({ length: 16 }, () => 0.1 * (r() - 0.5)));
  const conv = g.node('Conv', [nchw, w, b], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, 'conv');
  const relu = g.node('Relu', [conv], {}, 'relu');
  const embedding = g.node('ReduceMean', [relu], { axes: [2, 3], keepdims: 0 }, 'embedding');
  const colour = g.node('ReduceMean', ['pixels'], { axes: [1, 2], keepdims: 0 }, 'colour');
  return g.encode({ name: 'pixels', dims: ['batch', height, width, 3] }, [{ name: embedding, dims: ['batch', 16] }, { name: colour, dims: ['batch', 3] }], {}, 'nhwc_test_model');
}
