// Static int8 quantisation of a converted Keras model, in onnxruntime's QDQ form:
// every activation tensor that feeds real arithmetic passes through
// QuantizeLinear → DequantizeLinear with a calibrated uint8 range, and every
// convolution has int8 per-channel weights (batch norm folded in) and an int32
// bias. onnxruntime fuses DQ → Conv → (Relu|Clip) → Q into QLinearConv, which
// runs on its integer kernels (WebAssembly SIMD dot products in the browser).
import type { KerasLayer } from './keras';
import { inputsOf } from './keras';

/** Per Keras layer: the [min, max] its output took on the calibration images. */
export type Ranges = Record<string, [number, number]>;

export interface QParams {
  scale: number;
  zeroPoint: number;
}

/** uint8 asymmetric parameters covering [min, max] and exactly representing 0 (padding, ReLU). */
export function uint8Params([min, max]: [number, number]): QParams {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max, lo + 1e-6);
  const scale = (hi - lo) / 255;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-lo / scale))) };
}

/** Symmetric int8 per output channel (axis 0): q = round(w / scale[c]), zero point 0. */
export function int8PerChannel(w: Float32Array, channels: number): { q: Int8Array; scales: Float32Array } {
  const per = w.length / channels;
  const q = new Int8Array(w.length);
  const scales = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let m = 0;
    for (let i = c * per; i < (c + 1) * per; i++) m = Math.max(m, Math.abs(w[i]!));
    const s = m > 0 ? m / 127 : 1;
    scales[c] = s;
    for (let i = c * per; i < (c + 1) * per; i++) q[i] = Math.round(w[i]! / s);
  }
  return { q, scales };
}

/** int32 bias in the product's scale (input scale × weight scale per channel), as onnxruntime expects. */
export function int32Bias(bias: Float32Array, inputScale: number, weightScales: Float32Array): { q: Int32Array; scales: Float32Array } {
  const scales = weightScales.map((s) => s * inputScale);
  return { q: Int32Array.from(bias, (b, c) => Math.round(b / scales[c]!)), scales };
}

export interface BatchNorm {
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  epsilon: number;
}

/** Folds y = γ(conv(x) + b − μ)/√(σ² + ε) + β into the kernel [cout, …] and bias. */
export function foldBatchNorm(kernel: Float32Array, bias: Float32Array | undefined, bn: BatchNorm): { kernel: Float32Array; bias: Float32Array } {
  const cout = bn.mean.length;
  const per = kernel.length / cout;
  const k = new Float32Array(kernel.length);
  const b = new Float32Array(cout);
  for (let c = 0; c < cout; c++) {
    const f = bn.gamma[c]! / Math.sqrt(bn.variance[c]! + bn.epsilon);
    for (let i = c * per; i < (c + 1) * per; i++) k[i] = kernel[i]! * f;
    b[c] = ((bias?.[c] ?? 0) - bn.mean[c]!) * f + bn.beta[c]!;
  }
  return { kernel: k, bias: b };
}

const CONVS = new Set(['Conv2D', 'DepthwiseConv2D']);
/** Layers that only finish a convolution's output: no quantisation point between them and it. */
const EPILOGUE = new Set(['BatchNormalization', 'Activation', 'ReLU']);
/** Layers whose output keeps their input's parameters: the integer op is exact (max, zero padding). */
export const INHERITS = new Set(['MaxPooling2D', 'ZeroPadding2D', 'Dropout', 'SpatialDropout2D']);

export interface Plan {
  /** layers whose output is quantised with its own calibrated range */
  calibrated: Set<string>;
  /** layers whose output is quantised with its input's parameters */
  inherited: Set<string>;
  /** convolutions with a batch norm folded in: conv layer → the batch norm layer */
  folds: Map<string, string>;
}

/** Where the quantisation points go, for the layers `used` (topological) ending at `output`. */
export function plan(used: readonly KerasLayer[], output: string): Plan {
  const consumers = new Map<string, KerasLayer[]>();
  for (const l of used) for (const i of inputsOf(l)) consumers.set(i, [...(consumers.get(i) ?? []), l]);
  const calibrated = new Set<string>();
  const inherited = new Set<string>();
  const folds = new Map<string, string>();
  for (const l of used) {
    if (l.class_name === 'SeparableConv2D') throw new Error(`${l.name}: int8 conversion does not support separable convolutions`);
    const next = consumers.get(l.name) ?? [];
    if (CONVS.has(l.class_name) && next.length === 1 && next[0]!.class_name === 'BatchNormalization') folds.set(l.name, next[0]!.name);
    const finishedElsewhere = next.length > 0 && next.every((c) => EPILOGUE.has(c.class_name));
    if (l.name !== output && finishedElsewhere) continue;
    (INHERITS.has(l.class_name) ? inherited : calibrated).add(l.name);
  }
  return { calibrated, inherited, folds };
}

/** Widens `ranges` with a calibration batch: `outputs` are the probed layers' activations, in `layers` order. */
export function observe(ranges: Ranges, layers: readonly string[], outputs: readonly Float32Array[]): void {
  layers.forEach((name, i) => {
    const data = outputs[i]!;
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < data.length; j++) {
      const v = data[j]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const r = ranges[name];
    ranges[name] = r ? [Math.min(r[0], lo), Math.max(r[1], hi)] : [lo, hi];
  });
}
