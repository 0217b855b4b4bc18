// Keras (functional model JSON + weights) → ONNX, in plain TypeScript that
// runs in Node (install-time build) and in the browser ("Load model file").
// Activations are NCHW; the graph input is RGB 0–255 NCHW, and the model's
// own input scaling is part of the graph, so callers need no per-model maths.
import { ancestors, inputsOf, type KerasLayer } from './keras';
import { DataType, OnnxGraph } from '../../../core/onnx/onnxGraph';
import { dequantize, isQuantized, reshape, transpose, type Weight, type WeightMap } from './weights';
import { samePadding } from './padding';
import { foldBatchNorm, int32Bias, int8PerChannel, plan, uint8Params, type BatchNorm, type Plan, type QParams, type Ranges } from './int8';

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
  /** static int8 (QDQ) with these calibrated activation ranges (int8.ts) */
  int8?: Ranges;
  /** float graph that also outputs every activation an int8 build needs a range for, listed in `probes` */
  probe?: boolean;
  meta?: Record<string, string>;
}

export interface Converted {
  onnx: Uint8Array;
  featureDim: number;
  weightBytes: number;
  nodes: number;
  /** with `probe`: the Keras layers behind the graph's extra outputs, in order */
  probes?: string[];
}

const QUANT_MIN_ELEMENTS = 1024;

export function kerasToOnnx(layers: readonly KerasLayer[], weights: WeightMap, opts: ConvertOptions): Converted {
  const g = new OnnxGraph();
  const out = new Map<string, string>(); // keras layer → onnx tensor
  const used = ancestors(layers, opts.outputLayer);
  let nodes = 0;
  const quant = opts.int8 || opts.probe ? plan(used, opts.outputLayer) : undefined;
  const ctx: Ctx = { g, weights, opts, layers: new Map(used.map((l) => [l.name, l])), keepQ: opts.keepQuantized ?? true, int8: opts.int8 && quant ? { ranges: opts.int8, plan: quant, params: new Map() } : undefined };
  for (const layer of used) {
    const ins = inputsOf(layer).map((n) => {
      const t = out.get(n);
      if (!t) throw new Error(`layer ${layer.name}: input ${n} not converted yet`);
      return t;
    });
    let y = convertLayer(ctx, layer, ins);
    if (ctx.int8) y = quantisationPoint(ctx, ctx.int8, layer, y, ins[0]);
    out.set(layer.name, y);
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
  const probes = opts.probe && quant ? [...quant.calibrated] : undefined;
  const extra = (probes ?? []).map((l) => ({ name: out.get(l)!, dims: ['batch', ...g.shapes.get(out.get(l)!)!] }));
  const onnx = g.encode(
    { name: 'pixels', dims: ['batch', 3, opts.inputSize, opts.inputSize] },
    [{ name: final, dims: ['batch', shape[0]!] }, ...extra],
    { input_scaling: 'rgb 0-255 NCHW', ...(opts.int8 ? { weights: 'int8 QDQ' } : {}), ...opts.meta },
  );
  return { onnx, featureDim: shape[0]!, weightBytes: g.weightBytes, nodes, probes };
}

interface Ctx {
  g: OnnxGraph;
  weights: WeightMap;
  opts: ConvertOptions;
  layers: Map<string, KerasLayer>;
  keepQ: boolean;
  int8?: Int8Ctx;
}

interface Int8Ctx {
  ranges: Ranges;
  plan: Plan;
  /** quantisation parameters of each DequantizeLinear output */
  params: Map<string, QParams>;
}

/** Q → DQ after a layer the plan names; the DQ output stands for the layer from then on. */
function quantisationPoint(ctx: Ctx, q: Int8Ctx, layer: KerasLayer, y: string, input: string | undefined): string {
  let p: QParams | undefined;
  if (q.plan.calibrated.has(layer.name)) {
    const r = q.ranges[layer.name];
    if (!r) throw new Error(`int8: no calibrated range for ${layer.name}`);
    p = uint8Params(r);
  } else if (q.plan.inherited.has(layer.name)) {
    p = input === undefined ? undefined : q.params.get(input);
    if (!p) throw new Error(`int8: ${layer.name} follows an unquantised tensor`);
  } else return y;
  const { g } = ctx;
  const scale = g.scalar(`${layer.name}_qscale`, p.scale);
  const zp = g.initializer(`${layer.name}_qzp`, [], DataType.UINT8, new Uint8Array([p.zeroPoint]));
  const qy = g.node('QuantizeLinear', [y, scale, zp], {}, `${layer.name}_q`);
  const dq = g.node('DequantizeLinear', [qy, scale, zp], {}, `${layer.name}_dq`, g.shapes.get(y));
  q.params.set(dq, p);
  return dq;
}

/** int8 per-channel kernel and int32 bias behind DequantizeLinear, batch norm folded in when the plan says so. */
function int8Conv(ctx: Ctx, q: Int8Ctx, layer: string, x: string, kernel: Weight, bias: Weight | undefined): [string, string] {
  const { g } = ctx;
  const input = q.params.get(x);
  if (!input) throw new Error(`int8: ${layer} reads an unquantised tensor`);
  const cout = kernel.shape[0]!;
  let k = dequantize(kernel);
  let b = bias ? dequantize(bias) : new Float32Array(cout);
  const bnName = q.plan.folds.get(layer);
  if (bnName) ({ kernel: k, bias: b } = foldBatchNorm(k, b, batchNorm(ctx, ctx.layers.get(bnName)!)));
  const w = int8PerChannel(k, cout);
  const wq = g.initializer(`${layer}_Wq`, kernel.shape, DataType.INT8, new Uint8Array(w.q.buffer));
  const wzp = g.initializer(`${layer}_Wzp`, [cout], DataType.INT8, new Uint8Array(cout));
  const wdq = g.node('DequantizeLinear', [wq, g.floats(`${layer}_Wscale`, [cout], w.scales), wzp], { axis: 0 }, `${layer}_Wdq`);
  const bi = int32Bias(b, input.scale, w.scales);
  const bq = g.initializer(`${layer}_Bq`, [cout], DataType.INT32, new Uint8Array(bi.q.buffer));
  const bzp = g.initializer(`${layer}_Bzp`, [cout], DataType.INT32, new Uint8Array(cout * 4));
  const bdq = g.node('DequantizeLinear', [bq, g.floats(`${layer}_Bscale`, [cout], bi.scales), bzp], { axis: 0 }, `${layer}_Bdq`);
  return [wdq, bdq];
}

function batchNorm(ctx: Ctx, layer: KerasLayer): BatchNorm {
  const { name, config: c } = layer;
  const mean = dequantize(weight(ctx, name, 'moving_mean')!);
  const ch = mean.length;
  return {
    mean,
    variance: dequantize(weight(ctx, name, 'moving_variance')!),
    gamma: c.scale !== false ? dequantize(weight(ctx, name, 'gamma')!) : new Float32Array(ch).fill(1),
    beta: c.center !== false ? dequantize(weight(ctx, name, 'beta')!) : new Float32Array(ch),
    epsilon: num(c.epsilon, 1e-3),
  };
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

/** A convolution's kernel [cout, cin/groups, kh, kw] and optional bias, as initialisers (int8 ones in an int8 build). */
function convWeights(ctx: Ctx, l: KerasLayer, x: string, kernel: Weight): [string, string | null] {
  const b = l.config.use_bias !== false ? weight(ctx, l.name, 'bias', false) : undefined;
  if (ctx.int8) return int8Conv(ctx, ctx.int8, l.name, x, kernel, b);
  return [constant(ctx, `${l.name}_W`, kernel), b ? constant(ctx, `${l.name}_B`, b) : null];
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
      const [kernel, bias] = convWeights(ctx, l, x, transpose(kw, [3, 2, 0, 1]));
      const y = conv(ctx, x, kernel, bias, pair(c.kernel_size, 1), pair(c.strides, 1), pair(c.dilation_rate, 1), c.padding, 1, cout, l.name);
      return activation(ctx, y, c.activation, l.name);
    }
    case 'DepthwiseConv2D': {
      const dw = weight(ctx, l.name, 'depthwise_kernel')!; // [kh, kw, cin, mult]
      const [kh, kwid, cin, mult] = dw.shape as [number, number, number, number];
      const [kernel, bias] = convWeights(ctx, l, x, reshape(transpose(dw, [2, 3, 0, 1]), [cin * mult, 1, kh, kwid]));
      const y = conv(ctx, x, kernel, bias, pair(c.kernel_size, 1), pair(c.strides, 1), pair(c.dilation_rate, 1), c.padding, cin, cin * mult, l.name);
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
      if (ctx.int8 && [...ctx.int8.plan.folds.values()].includes(l.name)) return x; // folded into the convolution
      const bn = batchNorm(ctx, l);
      const ch = bn.mean.length;
      const ins4 = [x, g.floats(`${l.name}_gamma`, [ch], bn.gamma), g.floats(`${l.name}_beta`, [ch], bn.beta), g.floats(`${l.name}_mean`, [ch], bn.mean), g.floats(`${l.name}_var`, [ch], bn.variance)];
      return g.node('BatchNormalization', ins4, { epsilon: { float: bn.epsilon } }, l.name, shape);
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
      // onnxruntime quantises a two-input Add (QLinearAdd), not Sum.
      return g.node(ctx.int8 && ins.length === 2 ? 'Add' : 'Sum', ins, {}, l.name, g.shapes.get(x));
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
