// Keras (functional model JSON + weights) → ONNX, in plain TypeScript that
// runs in Node (install-time build) and in the browser ("Load model file").
// Activations are NCHW; the graph input is RGB 0–255 NCHW, and the model's
// own input scaling is part of the graph, so callers need no per-model maths.
import { ancestors, inputsOf, type KerasLayer } from './keras';
import { DataType, OnnxGraph } from '../../../core/onnx/onnxGraph';
import { dequantize, isQuantized, reshape, transpose, type Weight, type WeightMap } from './weights';
import { samePadding } from './padding';

export type InputScaling = 'zero-one' | 'minus-one-one';

export interface ConvertOptions {
  /** square input side, e.g. 299 */
  inputSize: number;
  scaling: InputScaling;
  /** the layer whose output becomes the feature vector */
  outputLayer: string;
  /** global-average-pool a spatial output into a vector */
  pool: boolean;
  /** larger weight tensors stay uint8 behind DequantizeLinear */
  keepQuantized?: boolean;
  meta?: Record<string, string>;
}

export interface Converted {
  onnx: Uint8Array;
  featureDim: number;
  weightBytes: number;
  nodes: number;
}

const QUANT_MIN_ELEMENTS = 1024;

export function kerasToOnnx(layers: readonly KerasLayer[], weights: WeightMap, opts: ConvertOptions): Converted {
  const g = new OnnxGraph();
  const out = new Map<string, string>(); // keras layer → onnx tensor
  const used = ancestors(layers, opts.outputLayer);
  let nodes = 0;
  const ctx: Ctx = { g, weights, opts, keepQ: opts.keepQuantized ?? true };
  for (const layer of used) {
    const ins = inputsOf(layer).map((n) => {
      const t = out.get(n);
      if (!t) throw new Error(`layer ${layer.name}: input ${n} not converted yet`);
      return t;
    });
    out.set(layer.name, convertLayer(ctx, layer, ins));
    nodes++;
  }
  let result = out.get(opts.outputLayer)!;
  let shape = g.shapes.get(result)!;
  if (shape.length === 3) {
    if (!opts.pool && (shape[1] !== 1 || shape[2] !== 1)) throw new Error(`output ${opts.outputLayer} is spatial ${shape.join('×')}; enable pooling`);
    result = g.node('GlobalAveragePool', [result], {}, 'features_pool', [shape[0]!, 1, 1]);
    result = g.node('Flatten', [result], { axis: 1 }, 'features_flat', [shape[0]!]);
    shape = [shape[0]!];
  }
  const final = g.node('Identity', [result], {}, 'features', shape);
  const onnx = g.encode(
    { name: 'pixels', dims: ['batch', 3, opts.inputSize, opts.inputSize] },
    { name: final, dims: ['batch', shape[0]!] },
    { input_scaling: 'rgb 0-255 NCHW', ...opts.meta },
  );
  return { onnx, featureDim: shape[0]!, weightBytes: g.weightBytes, nodes };
}

interface Ctx {
  g: OnnxGraph;
  weights: WeightMap;
  opts: ConvertOptions;
  keepQ: boolean;
}

function weight(ctx: Ctx, layer: string, param: string, required = true): Weight | undefined {
  const w = ctx.weights.get(`${layer}/${param}`);
  if (!w && required) throw new Error(`missing weight ${layer}/${param}`);
  return w;
}

/** An initializer for a weight: uint8 + DequantizeLinear (+ Add min) when large and quantised. */
function constant(ctx: Ctx, name: string, w: Weight): string {
  const { g } = ctx;
  if (isQuantized(w) && ctx.keepQ && w.q.length >= QUANT_MIN_ELEMENTS) {
    const q = g.initializer(`${name}_q`, w.shape, DataType.UINT8, w.q);
    const zp = g.initializer(`${name}_zp`, [], DataType.UINT8, new Uint8Array([0]));
    const deq = g.node('DequantizeLinear', [q, g.scalar(`${name}_scale`, w.scale), zp], {}, `${name}_dq`);
    return w.min === 0 ? deq : g.node('Add', [deq, g.scalar(`${name}_min`, w.min)], {}, `${name}_deq`);
  }
  return g.floats(name, w.shape, dequantize(w));
}

const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);
const pair = (v: unknown, d: number): [number, number] =>
  Array.isArray(v) ? [num(v[0], d), num(v[1], d)] : typeof v === 'number' ? [v, v] : [d, d];

/** Keras accepts n, (h, w) or ((top, bottom), (left, right)). */
function zeroPadding(p: unknown): [[number, number], [number, number]] {
  if (Array.isArray(p) && Array.isArray(p[0])) return [pair(p[0], 0), pair(p[1], 0)];
  const [h, w] = pair(p, 1);
  return [[h, h], [w, w]];
}

function chw(ctx: Ctx, t: string): [number, number, number] {
  const s = ctx.g.shapes.get(t);
  if (!s || s.length !== 3) throw new Error(`expected a C×H×W tensor, got ${s?.join('×')}`);
  return s as [number, number, number];
}

function activation(ctx: Ctx, x: string, act: unknown, name: string): string {
  const shape = ctx.g.shapes.get(x);
  switch (act ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return ctx.g.node('Relu', [x], {}, `${name}_relu`, shape);
    case 'relu6':
      return clip(ctx, x, 0, 6, name);
    case 'sigmoid':
      return ctx.g.node('Sigmoid', [x], {}, `${name}_sigmoid`, shape);
    case 'tanh':
      return ctx.g.node('Tanh', [x], {}, `${name}_tanh`, shape);
    case 'elu':
      return ctx.g.node('Elu', [x], {}, `${name}_elu`, shape);
    case 'softmax':
      return ctx.g.node('Softmax', [x], { axis: 1 }, `${name}_softmax`, shape);
    default:
      throw new Error(`unsupported activation ${String(act)} in ${name}`);
  }
}

function clip(ctx: Ctx, x: string, lo: number, hi: number, name: string): string {
  return ctx.g.node('Clip', [x, ctx.g.scalar(`${name}_lo`, lo), ctx.g.scalar(`${name}_hi`, hi)], {}, `${name}_clip`, ctx.g.shapes.get(x));
}

/** Conv with TF "same"/"valid" padding made explicit (TF pads more at the end). */
function conv(ctx: Ctx, x: string, kernel: string, bias: string | null, k: [number, number], strides: [number, number], dil: [number, number], padding: unknown, group: number, cout: number, name: string): string {
  const [, h, w] = chw(ctx, x);
  const ph = samePadding(h, k[0], strides[0], dil[0], padding === 'same');
  const pw = samePadding(w, k[1], strides[1], dil[1], padding === 'same');
  const inputs = bias ? [x, kernel, bias] : [x, kernel];
  return ctx.g.node('Conv', inputs, {
    kernel_shape: k, strides, dilations: dil, group, pads: [ph.begin, pw.begin, ph.end, pw.end],
  }, name, [cout, ph.out, pw.out]);
}

function convertLayer(ctx: Ctx, l: KerasLayer, ins: string[]): string {
  const { g } = ctx;
  const c = l.config;
  const x = ins[0]!;
  switch (l.class_name) {
    case 'InputLayer': {
      const s = ctx.opts.inputSize;
      const [a, b] = ctx.opts.scaling === 'zero-one' ? [1 / 255, 0] : [1 / 127.5, -1];
      g.shapes.set('pixels', [3, s, s]);
      const scaled = g.node('Mul', ['pixels', g.scalar('input_scale', a)], {}, 'input_scaled', [3, s, s]);
      return b === 0 ? scaled : g.node('Add', [scaled, g.scalar('input_offset', b)], {}, 'input_shifted', [3, s, s]);
    }
    case 'Conv2D': {
      const kw = weight(ctx, l.name, 'kernel')!; // [kh, kw, cin, cout]
      const cout = kw.shape[3]!;
      const kernel = constant(ctx, `${l.name}_W`, transpose(kw, [3, 2, 0, 1]));
      const b = c.use_bias !== false ? weight(ctx, l.name, 'bias', false) : undefined;
      const y = conv(ctx, x, kernel, b ? constant(ctx, `${l.name}_B`, b) : null, pair(c.kernel_size, 1), pair(c.strides, 1), pair(c.dilation_rate, 1), c.padding, 1, cout, l.name);
      return activation(ctx, y, c.activation, l.name);
    }
    case 'DepthwiseConv2D': {
      const dw = weight(ctx, l.name, 'depthwise_kernel')!; // [kh, kw, cin, mult]
      const [kh, kwid, cin, mult] = dw.shape as [number, number, number, number];
      const kernel = constant(ctx, `${l.name}_W`, reshape(transpose(dw, [2, 3, 0, 1]), [cin * mult, 1, kh, kwid]));
      const b = c.use_bias !== false ? weight(ctx, l.name, 'bias', false) : undefined;
      const y = conv(ctx, x, kernel, b ? constant(ctx, `${l.name}_B`, b) : null, pair(c.kernel_size, 1), pair(c.strides, 1), pair(c.dilation_rate, 1), c.padding, cin, cin * mult, l.name);
      return activation(ctx, y, c.activation, l.name);
    }
    case 'SeparableConv2D': {
      const dw = weight(ctx, l.name, 'depthwise_kernel')!;
      const pw = weight(ctx, l.name, 'pointwise_kernel')!; // [1, 1, cin*mult, cout]
      const [kh, kwid, cin, mult] = dw.shape as [number, number, number, number];
      const cout = pw.shape[3]!;
      const dk = constant(ctx, `${l.name}_DW`, reshape(transpose(dw, [2, 3, 0, 1]), [cin * mult, 1, kh, kwid]));
      const d = conv(ctx, x, dk, null, [kh, kwid], pair(c.strides, 1), pair(c.dilation_rate, 1), c.padding, cin, cin * mult, `${l.name}_depthwise`);
      const pk = constant(ctx, `${l.name}_PW`, transpose(pw, [3, 2, 0, 1]));
      const b = c.use_bias !== false ? weight(ctx, l.name, 'bias', false) : undefined;
      const y = conv(ctx, d, pk, b ? constant(ctx, `${l.name}_B`, b) : null, [1, 1], [1, 1], [1, 1], 'valid', 1, cout, l.name);
      return activation(ctx, y, c.activation, l.name);
    }
    case 'BatchNormalization': {
      const axis = num(c.axis, -1);
      const shape = g.shapes.get(x)!;
      if (!(axis === -1 || axis === 3 || (shape.length === 1 && axis === 1))) throw new Error(`${l.name}: batch norm over axis ${axis} unsupported`);
      const mean = dequantize(weight(ctx, l.name, 'moving_mean')!);
      const ch = mean.length;
      const gamma = c.scale !== false ? dequantize(weight(ctx, l.name, 'gamma')!) : new Float32Array(ch).fill(1);
      const beta = c.center !== false ? dequantize(weight(ctx, l.name, 'beta')!) : new Float32Array(ch);
      const variance = dequantize(weight(ctx, l.name, 'moving_variance')!);
      const ins4 = [x, g.floats(`${l.name}_gamma`, [ch], gamma), g.floats(`${l.name}_beta`, [ch], beta), g.floats(`${l.name}_mean`, [ch], mean), g.floats(`${l.name}_var`, [ch], variance)];
      return g.node('BatchNormalization', ins4, { epsilon: { float: num(c.epsilon, 1e-3) } }, l.name, shape);
    }
    case 'Activation':
      return activation(ctx, x, c.activation, l.name);
    case 'ReLU': {
      const max = c.max_value;
      if (num(c.negative_slope, 0) !== 0 || num(c.threshold, 0) !== 0) throw new Error(`${l.name}: leaky/thresholded ReLU unsupported`);
      return typeof max === 'number' ? clip(ctx, x, 0, max, l.name) : g.node('Relu', [x], {}, l.name, g.shapes.get(x));
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const k = pair(c.pool_size, 2);
      const s = pair(c.strides ?? c.pool_size, 2);
      const [ch, h, w] = chw(ctx, x);
      const ph = samePadding(h, k[0], s[0], 1, c.padding === 'same');
      const pw = samePadding(w, k[1], s[1], 1, c.padding === 'same');
      const op = l.class_name === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool';
      // Keras averages over real pixels only: count_include_pad = 0 (ONNX default).
      return g.node(op, [x], { kernel_shape: k, strides: s, pads: [ph.begin, pw.begin, ph.end, pw.end] }, l.name, [ch, ph.out, pw.out]);
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D': {
      const [ch] = chw(ctx, x);
      const op = l.class_name === 'GlobalAveragePooling2D' ? 'GlobalAveragePool' : 'GlobalMaxPool';
      const p = g.node(op, [x], {}, `${l.name}_pool`, [ch, 1, 1]);
      return g.node('Flatten', [p], { axis: 1 }, l.name, [ch]);
    }
    case 'ZeroPadding2D': {
      const [[t, b], [left, r]] = zeroPadding(c.padding);
      const [ch, h, w] = chw(ctx, x);
      const pads = g.int64s(`${l.name}_pads`, [0, 0, t, left, 0, 0, b, r]);
      return g.node('Pad', [x, pads], {}, l.name, [ch, h + t + b, w + left + r]);
    }
    case 'Add':
      return g.node('Sum', ins, {}, l.name, g.shapes.get(x));
    case 'Multiply':
      return g.node('Mul', ins, {}, l.name, g.shapes.get(x));
    case 'Concatenate': {
      const shapes = ins.map((i) => g.shapes.get(i)!);
      const axis = num(c.axis, -1);
      if (!(axis === -1 || axis === shapes[0]!.length)) throw new Error(`${l.name}: concatenation over axis ${axis} unsupported`);
      const shape = [...shapes[0]!];
      shape[0] = shapes.reduce((n, s) => n + s[0]!, 0);
      return g.node('Concat', ins, { axis: 1 }, l.name, shape);
    }
    case 'Flatten': {
      const s = g.shapes.get(x)!;
      // Keras flattens NHWC: move channels last first unless there is nothing to reorder.
      const src = s.length === 3 && (s[1] !== 1 || s[2] !== 1) ? g.node('Transpose', [x], { perm: [0, 2, 3, 1] }, `${l.name}_nhwc`) : x;
      return g.node('Flatten', [src], { axis: 1 }, l.name, [s.reduce((a, b) => a * b, 1)]);
    }
    case 'Dense': {
      const k = weight(ctx, l.name, 'kernel')!; // [in, out]
      const b = c.use_bias !== false ? weight(ctx, l.name, 'bias', false) : undefined;
      const inputs = [x, constant(ctx, `${l.name}_W`, k)];
      if (b) inputs.push(constant(ctx, `${l.name}_B`, b));
      const y = g.node('Gemm', inputs, {}, l.name, [k.shape[1]!]);
      return activation(ctx, y, c.activation, l.name);
    }
    case 'Dropout':
    case 'SpatialDropout2D':
      return x;
    default:
      throw new Error(`unsupported Keras layer ${l.class_name} (${l.name})`);
  }
}
