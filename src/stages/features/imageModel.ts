// Any ONNX image model as a feature extractor: what its graph's shapes say (layout, input size, which output),
// the descriptor the person confirms (colour order, pixel scaling, crops), turning a frame's pixels into its
// input and its output into one vector per crop. Pure: the features worker runs it, Node tests check it.

/** images (N×C×H×W, N×H×W×C), or clips of T frames with a time axis (N×C×T×H×W, N×T×H×W×C) */
export type TensorLayout = 'nchw' | 'nhwc' | 'ncthw' | 'nthwc';

/** Where the channel, time, height and width axes sit (time: null for images). */
export function layoutAxes(l: TensorLayout): { c: number; t: number | null; h: number; w: number } {
  if (l === 'nchw') return { c: 1, t: null, h: 2, w: 3 };
  if (l === 'nhwc') return { c: 3, t: null, h: 1, w: 2 };
  if (l === 'ncthw') return { c: 1, t: 2, h: 3, w: 4 };
  return { c: 4, t: 1, h: 2, w: 3 };
}
export const isClipLayout = (l: TensorLayout): boolean => l === 'ncthw' || l === 'nthwc';
const channelsFirst = (l: TensorLayout) => l === 'nchw' || l === 'ncthw';
export type ColourOrder = 'rgb' | 'bgr';
/** raw 0–255, unit 0–1, symmetric −1–1, or (x/255 − mean) / std per channel (ImageNet's by default) */
export type PixelScaling = { kind: 'raw' } | { kind: 'unit' } | { kind: 'symmetric' } | { kind: 'mean-std'; mean: [number, number, number]; std: [number, number, number] };
/** the reference's left and right squares of a wide frame, one centre square, or the whole frame squeezed */
export type CropPolicy = 'halves' | 'centre' | 'whole';

export const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

export interface ImageModelDescriptor {
  input: string;
  layout: TensorLayout;
  width: number;
  height: number;
  colour: ColourOrder;
  scaling: PixelScaling;
  /** the graph output used as the descriptor */
  output: string;
  crop: CropPolicy;
  /** frames per clip (T) of a video clip model: one feature describes each window of T sampled frames */
  frames?: number;
}

/** A graph input or output as onnxruntime reports it: numbers, or names for dynamic axes. */
export interface ValueShape {
  name: string;
  shape: readonly (number | string)[];
}

export interface GraphShapes {
  inputs: readonly ValueShape[];
  outputs: readonly ValueShape[];
}

/** Why a file is not an image model this app can run: said to the person as it is. */
export class ModelRefusal extends Error {}

/** The size taken for a dynamic input (most ImageNet models' own). */
export const DYNAMIC_SIZE = 224;
export const MIN_SIZE = 16;
export const MAX_SIZE = 1024;
/** The clip length taken for a dynamic time axis, and the longest clip taken. */
export const DYNAMIC_CLIP = 8;
export const MAX_CLIP = 64;

const fixed = (d: number | string | undefined): number | null => (typeof d === 'number' && d > 0 ? d : null);

/**
 * The descriptor a graph's shapes suggest, with notes on what was guessed. Refuses graphs that are not one
 * image in (N×3×H×W or N×H×W×3) and a vector or feature map out. Scaling is not in the shapes: channels-first
 * graphs are mostly PyTorch exports (ImageNet mean/std), channels-last mostly TensorFlow/Keras ones (−1…1).
 */
export function inferDescriptor(g: GraphShapes): { descriptor: ImageModelDescriptor; notes: string[] } {
  if (g.inputs.length !== 1) throw new ModelRefusal(`the graph takes ${g.inputs.length} inputs; an image model takes one image`);
  const input = g.inputs[0]!;
  const s = input.shape;
  if (s.length !== 4 && s.length !== 5) throw new ModelRefusal(`input "${input.name}" has ${s.length || 'no known'} axes (${s.join('×') || 'no shape'}); an image model's is N×3×H×W or N×H×W×3, a video clip model's N×3×T×H×W or N×T×H×W×3`);
  const layout: TensorLayout | null = s.length === 4 ? (s[1] === 3 ? 'nchw' : s[3] === 3 ? 'nhwc' : null) : s[1] === 3 ? 'ncthw' : s[4] === 3 ? 'nthwc' : null;
  if (!layout) throw new ModelRefusal(`input "${input.name}" (${s.join('×')}) has no axis of 3 colour channels`);
  const ax = layoutAxes(layout);
  const notes: string[] = [];
  const side = (axis: number, what: string, dflt: number, unit: string) => {
    const v = fixed(s[axis]);
    if (v !== null) return v;
    notes.push(`the ${what} is dynamic: ${dflt} ${unit} chosen`);
    return dflt;
  };
  const height = side(ax.h, 'input height', DYNAMIC_SIZE, 'px'), width = side(ax.w, 'input width', DYNAMIC_SIZE, 'px');
  const frames = ax.t === null ? undefined : side(ax.t, 'clip length', DYNAMIC_CLIP, 'frames');
  if (frames) notes.push(`a video clip model: one feature describes each run of ${frames} sampled frames, and every frame of the run takes it`);
  const out = g.outputs.find((o) => o.shape.length >= 2 && o.shape.length <= 5) ?? (g.outputs.length && !g.outputs[0]!.shape.length ? g.outputs[0] : undefined);
  if (!out) throw new ModelRefusal(`no output is a vector or a feature map (outputs: ${g.outputs.map((o) => `${o.name} ${o.shape.join('×')}`).join(', ') || 'none'})`);
  if (g.outputs.length > 1) notes.push(`${g.outputs.length} outputs: "${out.name}" chosen as the descriptor`);
  const first = channelsFirst(layout);
  const scaling: PixelScaling = first ? { kind: 'mean-std', mean: IMAGENET_MEAN, std: IMAGENET_STD } : { kind: 'symmetric' };
  notes.push(`pixel scaling is not in the graph: ${first ? 'ImageNet mean/std (PyTorch exports)' : '−1…1 (TensorFlow/Keras exports)'} assumed; check the model's card`);
  return { descriptor: { input: input.name, layout, width, height, colour: 'rgb', scaling, output: out.name, crop: 'halves', ...(frames ? { frames } : {}) }, notes };
}

/** What is wrong with a descriptor the person edited, or null. */
export function descriptorProblem(d: ImageModelDescriptor, g: GraphShapes): string | null {
  for (const [what, v] of [['width', d.width], ['height', d.height]] as const) {
    if (!Number.isInteger(v) || v < MIN_SIZE || v > MAX_SIZE) return `the input ${what} must be a whole number of pixels from ${MIN_SIZE} to ${MAX_SIZE}`;
  }
  const input = g.inputs.find((i) => i.name === d.input);
  if (!input) return `the graph has no input "${d.input}"`;
  const ax = layoutAxes(d.layout);
  if (input.shape.length !== (ax.t === null ? 4 : 5)) return `a ${d.layout.toUpperCase()} input has ${ax.t === null ? 4 : 5} axes; the graph's has ${input.shape.length}`;
  if (fixed(input.shape[ax.c]) !== 3) return `with ${d.layout.toUpperCase()} the input's channel axis (${String(input.shape[ax.c])}) is not 3`;
  const checks: [number, number, string][] = [[ax.h, d.height, 'height'], [ax.w, d.width, 'width']];
  if (ax.t !== null) {
    if (!Number.isInteger(d.frames) || d.frames! < 1 || d.frames! > MAX_CLIP) return `frames per clip must be a whole number from 1 to ${MAX_CLIP}`;
    checks.push([ax.t, d.frames!, 'clip length']);
  }
  for (const [axis, v, what] of checks) {
    const f = fixed(input.shape[axis]);
    if (f !== null && f !== v) return `the graph fixes the input ${what} at ${f}`;
  }
  if (!g.outputs.some((o) => o.name === d.output)) return `the graph has no output "${d.output}"`;
  if (d.scaling.kind === 'mean-std' && d.scaling.std.some((v) => !(v > 0))) return 'every standard deviation must be above 0';
  return null;
}

/** The input tensor's dimensions for `count` crops (of T frames each, for a clip model). */
export function inputDims(d: ImageModelDescriptor, count: number): number[] {
  const ax = layoutAxes(d.layout);
  const dims = new Array<number>(ax.t === null ? 4 : 5).fill(0);
  dims[0] = count;
  dims[ax.c] = 3;
  dims[ax.h] = d.height;
  dims[ax.w] = d.width;
  if (ax.t !== null) dims[ax.t] = d.frames ?? 1;
  return dims;
}

/** Values of one crop's input: 3 × H × W, times T for a clip model. */
export const inputSize = (d: ImageModelDescriptor): number => 3 * d.width * d.height * (isClipLayout(d.layout) ? (d.frames ?? 1) : 1);

/**
 * Canvas RGBA bytes (width×height) → the model's input at `offset` (one crop's start), in its layout, colour order
 * and scaling; `t`: the frame's place in a clip.
 */
export function pixelsToInput(rgba: Uint8ClampedArray, d: ImageModelDescriptor, out: Float32Array, offset: number, t = 0): void {
  const plane = d.width * d.height;
  const frames = isClipLayout(d.layout) ? (d.frames ?? 1) : 1;
  const order = d.colour === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  const sc = d.scaling;
  const scale = [0, 1, 2].map((c) => (sc.kind === 'raw' ? 1 : sc.kind === 'unit' ? 1 / 255 : sc.kind === 'symmetric' ? 2 / 255 : 1 / (255 * sc.std[c]!)));
  const shift = [0, 1, 2].map((c) => (sc.kind === 'symmetric' ? -1 : sc.kind === 'mean-std' ? -sc.mean[c]! / sc.std[c]! : 0));
  for (let c = 0; c < 3; c++) {
    // input channel c takes the canvas channel the colour order names; mean/std go with the input channel
    const src = order[c]!, a = scale[c]!, b = shift[c]!;
    if (channelsFirst(d.layout)) {
      const o = offset + (c * frames + t) * plane;
      for (let p = 0; p < plane; p++) out[o + p] = rgba[p * 4 + src]! * a + b;
    } else {
      const o = offset + t * plane * 3 + c;
      for (let p = 0; p < plane; p++) out[o + p * 3] = rgba[p * 4 + src]! * a + b;
    }
  }
}

/**
 * How an output of these dimensions (batch first) becomes one vector per crop: as it is (N×D), averaged over
 * tokens (N×T×D), or over the other axes of a feature map (channels second for channels-first models, last for
 * channels-last ones).
 */
export function outputVectorLength(dims: readonly number[], layout: TensorLayout): number {
  if (dims.length === 2) return dims[1]!;
  if (dims.length === 3) return dims[2]!;
  if (dims.length === 4 || dims.length === 5) return channelsFirst(layout) ? dims[1]! : dims[dims.length - 1]!;
  throw new ModelRefusal(`the descriptor output has ${dims.length} axes (${dims.join('×')}); a vector, tokens or a feature map was expected`);
}

/** One vector per crop (count × length) from an output of `dims`. */
export function pooledOutput(data: Float32Array, dims: readonly number[], layout: TensorLayout): Float32Array {
  const n = dims[0]!, len = outputVectorLength(dims, layout);
  if (dims.length === 2) return data;
  const out = new Float32Array(n * len);
  if (dims.length === 3 || !channelsFirst(layout)) {
    // rows of `len` values, `per` of them per crop
    const per = data.length / n / len;
    for (let i = 0; i < n; i++)
      for (let r = 0; r < per; r++) for (let j = 0; j < len; j++) out[i * len + j]! += data[(i * per + r) * len + j]! / per;
    return out;
  }
  const area = data.length / n / len;
  for (let i = 0; i < n; i++)
    for (let c = 0; c < len; c++) {
      let s = 0;
      const o = (i * len + c) * area;
      for (let p = 0; p < area; p++) s += data[o + p]!;
      out[i * len + c] = s / area;
    }
  return out;
}

/** A short line for the model list: "160×128 NHWC, RGB −1…1, left and right halves". */
export function describeInput(d: ImageModelDescriptor): string {
  const sc = d.scaling;
  const scaling = sc.kind === 'raw' ? '0–255' : sc.kind === 'unit' ? '0–1' : sc.kind === 'symmetric' ? '−1…1' : `mean ${sc.mean.join('/')} std ${sc.std.join('/')}`;
  const crop = d.crop === 'halves' ? 'left and right halves' : d.crop === 'centre' ? 'centre square' : 'whole frame';
  const clip = isClipLayout(d.layout) ? `clips of ${d.frames ?? 1} frames, ` : '';
  return `${clip}${d.width}×${d.height} ${d.layout.toUpperCase()}, ${d.colour.toUpperCase()} ${scaling}, ${crop}`;
}
