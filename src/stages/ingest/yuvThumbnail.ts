// A decoded picture's planes → the thumbnail's RGBA, the way the ffmpeg path
// makes it: each plane area-averaged to the thumbnail size (ffmpeg's
// `scale=…:flags=area`), then YUV → RGB with the BT.601 matrix whatever the
// stream is tagged with, because ffmpeg hands the scaled YUV straight to the
// WebP/JPEG encoder and their decoders read it as BT.601. Working on the small
// picture also skips a full-size colour conversion per kept frame (drawImage of
// a 1080p VideoFrame costs 45–60 ms on this 2-core CPU; this about 9 ms in Node). Pure.

/** Where a plane's samples are in the copied buffer: VideoFrame.copyTo's layout, plus the step between samples. */
export interface PlaneView {
  data: Uint8Array;
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

/** Y, U, V planes at the same size → RGBA (BT.601; limited range 16–235/240 unless `fullRange`). */
export function yuvToRgba(y: Float32Array, u: Float32Array, v: Float32Array, fullRange: boolean): Uint8ClampedArray {
  const n = y.length, out = new Uint8ClampedArray(n * 4);
  const [ys, yo, cs] = fullRange ? [1, 0, 1] : [255 / 219, 16, 255 / 224];
  for (let i = 0; i < n; i++) {
    const Y = (y[i]! - yo) * ys, U = (u[i]! - 128) * cs, V = (v[i]! - 128) * cs;
    out[4 * i] = Y + 1.402 * V;
    out[4 * i + 1] = Y - 0.344136 * U - 0.714136 * V;
    out[4 * i + 2] = Y + 1.772 * U;
    out[4 * i + 3] = 255;
  }
  return out;
}

/** The 8-bit layouts handled here; anything else (10-bit, RGB, opaque GPU frames) is drawn by the canvas instead. */
export type PlanarFormat = 'I420' | 'I420A' | 'I422' | 'I444' | 'NV12';

export function isPlanarFormat(f: string | null): f is PlanarFormat {
  return f === 'I420' || f === 'I420A' || f === 'I422' || f === 'I444' || f === 'NV12';
}

/** The Y, U and V planes of a buffer that VideoFrame.copyTo filled (its returned layouts). */
export function planesOf(format: PlanarFormat, data: Uint8Array, layout: readonly { offset: number; stride: number }[], width: number, height: number): [PlaneView, PlaneView, PlaneView] {
  const cw = format === 'I444' ? width : Math.ceil(width / 2);
  const ch = format === 'I420' || format === 'I420A' || format === 'NV12' ? Math.ceil(height / 2) : height;
  const plane = (k: number, w: number, h: number, step = 1, skip = 0): PlaneView => ({ data, offset: layout[k]!.offset + skip, stride: layout[k]!.stride, width: w, height: h, step });
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

/** How the planes encode colour: YUV (limited or full range), or RGB stored as G, B, R planes. */
export type PlaneColour = 'yuv-limited' | 'yuv-full' | 'gbr';

/** The thumbnail (width × height, not yet turned for display) as RGBA from a frame's copied planes. */
export function thumbnailRgba(format: PlanarFormat, data: Uint8Array, layout: readonly { offset: number; stride: number }[], srcWidth: number, srcHeight: number, width: number, height: number, colour: PlaneColour): Uint8ClampedArray {
  const [a, b, c] = planesOf(format, data, layout, srcWidth, srcHeight).map((p) => areaScale(p, width, height)) as [Float32Array, Float32Array, Float32Array];
  return colour === 'gbr' ? gbrToRgba(a, b, c) : yuvToRgba(a, b, c, colour === 'yuv-full');
}

/**
 * How a VideoFrame's planes encode colour, or null when that cannot be told: Chromium leaves the matrix out for
 * RGB-coded VP9 (`gbrp`, handed over as I444), so an untagged 4:4:4 frame goes to the canvas, which knows.
 * Untagged 4:2:0 and 4:2:2 frames are YUV (RGB is never subsampled), limited range unless tagged full, as ffmpeg assumes.
 */
export function planeColour(format: PlanarFormat, cs: { matrix?: string | null; fullRange?: boolean | null }): PlaneColour | null {
  if (cs.matrix === 'rgb') return 'gbr';
  if (!cs.matrix && format === 'I444') return null;
  return cs.fullRange ? 'yuv-full' : 'yuv-limited';
}
