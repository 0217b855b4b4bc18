// A decoded picture's planes → the thumbnail's RGBA, the way the ffmpeg path
// makes it: each plane area-averaged to the thumbnail size (ffmpeg's
// `scale=…:flags=area`), then YUV → RGB with the matrix the stream is tagged
// with (BT.709 for HD and phones, BT.2020 for HDR, BT.601 when untagged), as
// native ffmpeg converts it. Working on the small picture also skips a
// full-size colour conversion per kept frame (drawImage of a 1080p VideoFrame
// costs 45–60 ms on this 2-core CPU; this about 9 ms in Node). Pure.

/**
 * Where a plane's samples are in the copied buffer: VideoFrame.copyTo's layout, plus the step between samples.
 * Samples of more than 8 bits are 16-bit words; `offset` and `stride` count samples then, not bytes.
 */
export interface PlaneView {
  data: Uint8Array | Uint16Array;
  offset: number;
  stride: number;
  width: number;
  height: number;
  /** bytes from one sample to the next in a row (2 for NV12's interleaved U and V) */
  step: number;
}

/** One axis of an area resampling: for each output sample, the input samples it covers and their weights (sum 1). */
interface Taps {
  first: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  /** taps per output sample, the stride into `weights` */
  width: number;
}

function areaTaps(from: number, to: number): Taps {
  const scale = from / to;
  const width = Math.ceil(scale) + 1;
  const first = new Int32Array(to), count = new Int32Array(to), weights = new Float32Array(to * width);
  for (let j = 0; j < to; j++) {
    const start = j * scale, end = Math.min(from, (j + 1) * scale);
    const i0 = Math.floor(start), i1 = Math.min(from, Math.ceil(end));
    first[j] = i0;
    count[j] = i1 - i0;
    for (let i = i0; i < i1; i++) weights[j * width + (i - i0)] = (Math.min(end, i + 1) - Math.max(start, i)) / (end - start);
  }
  return { first, count, weights, width };
}

const tapsCache = new Map<string, Taps>();
function taps(from: number, to: number): Taps {
  const key = `${from}>${to}`;
  let t = tapsCache.get(key);
  if (!t) {
    if (tapsCache.size > 64) tapsCache.clear();
    t = areaTaps(from, to);
    tapsCache.set(key, t);
  }
  return t;
}

/** Area-averages a plane to width × height (each output sample the mean of the input area it covers). */
export function areaScale(p: PlaneView, width: number, height: number): Float32Array {
  const h = taps(p.width, width), v = taps(p.height, height);
  // Separable, so exact area weights: per output row, the input rows it covers are summed down into one row (the inner
  // loop on contiguous samples), then that row is gathered across. One row's sums (8 KB for 1080p) stay in the L1
  // cache; summing every output row first into a 2.3 MB buffer took 2.3× as long.
  // Hot loops: everything they touch is a local.
  const { data, step, stride, offset } = p;
  const pw = p.width;
  const row = new Float32Array(pw);
  const out = new Float32Array(width * height);
  const vFirst = v.first, vCount = v.count, vWeights = v.weights, vw = v.width;
  const first = h.first, count = h.count, weights = h.weights, tw = h.width;
  for (let r = 0, at = 0; r < height; r++) {
    row.fill(0);
    const n = vCount[r]!, w0 = r * vw;
    for (let k = 0; k < n; k++) {
      const w = vWeights[w0 + k]!, src = offset + (vFirst[r]! + k) * stride;
      if (step === 1) for (let i = 0; i < pw; i++) row[i]! += w * data[src + i]!;
      else for (let i = 0, a = src; i < pw; i++, a += step) row[i]! += w * data[a]!;
    }
    for (let j = 0; j < width; j++, at++) {
      const m = count[j]!, t0 = j * tw;
      let s = 0;
      for (let k = 0, i = first[j]!; k < m; k++, i++) s += weights[t0 + k]! * row[i]!;
      out[at] = s;
    }
  }
  return out;
}

/** The luma weights of red and blue (Kr, Kb) of the YUV matrices a VideoFrame can be tagged with. */
export const MATRIX_WEIGHTS = {
  bt601: [0.299, 0.114],
  bt709: [0.2126, 0.0722],
  bt2020: [0.2627, 0.0593],
} as const;

export type YuvMatrix = keyof typeof MATRIX_WEIGHTS;

/** Y, U, V planes at the same size → RGBA with `matrix` (limited range 16–235/240 unless `fullRange`). */
export function yuvToRgba(y: Float32Array, u: Float32Array, v: Float32Array, fullRange: boolean, matrix: YuvMatrix = 'bt601'): Uint8ClampedArray {
  const n = y.length, out = new Uint8ClampedArray(n * 4);
  const [ys, yo, cs] = fullRange ? [1, 0, 1] : [255 / 219, 16, 255 / 224];
  const [kr, kb] = MATRIX_WEIGHTS[matrix];
  const kg = 1 - kr - kb;
  const rv = 2 * (1 - kr) * cs, bu = 2 * (1 - kb) * cs, gu = ((2 * kb * (1 - kb)) / kg) * cs, gv = ((2 * kr * (1 - kr)) / kg) * cs;
  for (let i = 0; i < n; i++) {
    const Y = (y[i]! - yo) * ys, U = u[i]! - 128, V = v[i]! - 128;
    out[4 * i] = Y + rv * V;
    out[4 * i + 1] = Y - gu * U - gv * V;
    out[4 * i + 2] = Y + bu * U;
    out[4 * i + 3] = 255;
  }
  return out;
}

/** The layouts handled here (8, 10 and 12 bits); anything else (RGB, opaque GPU frames) is drawn by the canvas instead. */
const PLANAR = {
  I420: 8, I420A: 8, I422: 8, I444: 8, NV12: 8,
  I420P10: 10, I420AP10: 10, I422P10: 10, I444P10: 10,
  I420P12: 12, I422P12: 12, I444P12: 12,
} as const;

export type PlanarFormat = keyof typeof PLANAR;

export function isPlanarFormat(f: string | null): f is PlanarFormat {
  return f !== null && Object.hasOwn(PLANAR, f);
}

/**
 * The Y, U and V planes of a buffer that VideoFrame.copyTo filled (its returned layouts, in bytes). Samples of
 * more than 8 bits are read as the little-endian 16-bit words copyTo writes (`data` must start at an even byte).
 */
export function planesOf(format: PlanarFormat, data: Uint8Array, layout: readonly { offset: number; stride: number }[], width: number, height: number): [PlaneView, PlaneView, PlaneView] {
  const wide = PLANAR[format] > 8;
  const samples = wide ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength >> 1) : data;
  const unit = wide ? 2 : 1;
  const cw = format.startsWith('I444') ? width : Math.ceil(width / 2);
  const ch = format.startsWith('I420') || format === 'NV12' ? Math.ceil(height / 2) : height;
  const plane = (k: number, w: number, h: number, step = 1, skip = 0): PlaneView => ({
    data: samples, offset: layout[k]!.offset / unit + skip, stride: layout[k]!.stride / unit, width: w, height: h, step,
  });
  if (format === 'NV12') return [plane(0, width, height), plane(1, cw, ch, 2), plane(1, cw, ch, 2, 1)];
  return [plane(0, width, height), plane(1, cw, ch), plane(2, cw, ch)];
}

/** G, B, R planes (a stream coded as RGB, e.g. VP9 `gbrp`: its colour space says matrix `rgb`) → RGBA. */
export function gbrToRgba(g: Float32Array, b: Float32Array, r: Float32Array): Uint8ClampedArray {
  const n = g.length, out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    out[4 * i] = r[i]!;
    out[4 * i + 1] = g[i]!;
    out[4 * i + 2] = b[i]!;
    out[4 * i + 3] = 255;
  }
  return out;
}

/** How the planes encode colour: YUV (its matrix and range), or RGB stored as G, B, R planes. */
export type PlaneColour = { kind: 'yuv'; matrix: YuvMatrix; fullRange: boolean } | { kind: 'gbr' };

/** The thumbnail (width × height, not yet turned for display) as RGBA from a frame's copied planes. */
export function thumbnailRgba(format: PlanarFormat, data: Uint8Array, layout: readonly { offset: number; stride: number }[], srcWidth: number, srcHeight: number, width: number, height: number, colour: PlaneColour): Uint8ClampedArray {
  const [a, b, c] = planesOf(format, data, layout, srcWidth, srcHeight).map((p) => areaScale(p, width, height)) as [Float32Array, Float32Array, Float32Array];
  // Deeper samples to the 8-bit scale the conversions below work in (as ffmpeg's scale to an 8-bit format does).
  const depth = PLANAR[format];
  if (depth > 8) for (const plane of [a, b, c]) for (let i = 0, k = 2 ** (8 - depth); i < plane.length; i++) plane[i]! *= k;
  return colour.kind === 'gbr' ? gbrToRgba(a, b, c) : yuvToRgba(a, b, c, colour.fullRange, colour.matrix);
}

/** WebCodecs' matrix names (VideoMatrixCoefficients) → the weights above; BT.470BG and SMPTE 170M are BT.601's. */
const WEBCODECS_MATRIX: Record<string, YuvMatrix> = { bt709: 'bt709', bt470bg: 'bt601', smpte170m: 'bt601', 'bt2020-ncl': 'bt2020' };

/**
 * How a VideoFrame's planes encode colour, or null when that cannot be told here. Chromium leaves the matrix out
 * for RGB-coded VP9 (`gbrp`, handed over as I444), so an untagged 4:4:4 frame goes to the canvas, which knows; so
 * does a matrix named that is not one of the above. Untagged 4:2:0 and 4:2:2 frames are YUV (RGB is never
 * subsampled), BT.601 and limited range unless tagged full, as ffmpeg assumes.
 */
export function planeColour(format: PlanarFormat, cs: { matrix?: string | null; fullRange?: boolean | null }): PlaneColour | null {
  if (cs.matrix === 'rgb') return { kind: 'gbr' };
  if (!cs.matrix && format.startsWith('I444')) return null;
  const matrix = !cs.matrix ? 'bt601' : Object.hasOwn(WEBCODECS_MATRIX, cs.matrix) ? WEBCODECS_MATRIX[cs.matrix] : null;
  return matrix ? { kind: 'yuv', matrix, fullRange: !!cs.fullRange } : null;
}
