// What a moment sounds like, as a vector: the stored sound cut into 64 ms
// analysis frames, each described by meyda (13 MFCCs for timbre, 12 chroma
// bins for pitch class, spectral centroid, spread, flatness and roll-off for
// brightness and noisiness, zero crossings, loudness in dB); a stored video
// frame's descriptor is the mean and spread of those features over the second
// of sound around it, so sound rows line up with frame rows.
import Meyda from 'meyda';
import { muLawDecode } from '../../core/muLaw';

/** Bump when the descriptor changes: stored rows of another version are computed again. */
export const SOUND_VERSION = 1;
/** Samples per analysis frame (64 ms at 16 kHz; meyda wants a power of two). */
export const FRAME = 1024;
/** Features per analysis frame, and per stored frame (their mean and standard deviation). */
export const FRAME_FEATURES = 31;
export const SOUND_DIM = 2 * FRAME_FEATURES;
/** Seconds of sound around a stored frame that describe it. */
export const WINDOW_SECONDS = 1;

const FEATURES = ['mfcc', 'chroma', 'spectralCentroid', 'spectralSpread', 'spectralFlatness', 'spectralRolloff', 'zcr', 'rms'] as const;

interface MeydaResult {
  mfcc: number[];
  chroma: number[];
  spectralCentroid: number | null;
  spectralSpread: number | null;
  spectralFlatness: number | null;
  spectralRolloff: number | null;
  zcr: number;
  rms: number;
}

const finite = (x: number | null | undefined): number => (x !== null && x !== undefined && Number.isFinite(x) ? x : 0);

/** One analysis frame's features, each scaled to about −1…1 (bins by the bin count, Hz by Nyquist, dB by 100). */
function frameFeatures(signal: Float32Array, rate: number, out: Float32Array, at: number): void {
  const m = Meyda as unknown as { bufferSize: number; sampleRate: number; melBands: number; numberOfMFCCCoefficients: number; extract(f: readonly string[], s: Float32Array): MeydaResult };
  m.bufferSize = FRAME;
  m.sampleRate = rate;
  m.melBands = 40;
  m.numberOfMFCCCoefficients = 13;
  const r = m.extract(FEATURES, signal);
  const bins = FRAME / 2;
  let k = at;
  for (let i = 0; i < 13; i++) out[k++] = finite(r.mfcc[i]) / 100;
  for (let i = 0; i < 12; i++) out[k++] = finite(r.chroma[i]);
  out[k++] = finite(r.spectralCentroid) / bins;
  out[k++] = finite(r.spectralSpread) / bins;
  out[k++] = finite(r.spectralFlatness);
  out[k++] = finite(r.spectralRolloff) / (rate / 2);
  out[k++] = finite(r.zcr) / FRAME;
  out[k] = Math.max(-100, 20 * Math.log10(Math.max(1e-12, finite(r.rms)))) / 100;
}

/** Features of every whole analysis frame of a μ-law sound (decoded a frame at a time: an hour never sits in memory as floats). */
export function analysisFrames(ulaw: Uint8Array, rate: number): Float32Array {
  const n = Math.floor(ulaw.length / FRAME);
  const out = new Float32Array(n * FRAME_FEATURES);
  for (let j = 0; j < n; j++) frameFeatures(muLawDecode(ulaw, j * FRAME, (j + 1) * FRAME), rate, out, j * FRAME_FEATURES);
  return out;
}

let silentFrame: { rate: number; features: Float32Array } | null = null;

/** The features of silence: what a stored frame with no sound around it (past the track's end) gets. */
function silence(rate: number): Float32Array {
  if (silentFrame?.rate !== rate) {
    const features = new Float32Array(FRAME_FEATURES);
    frameFeatures(new Float32Array(FRAME), rate, features, 0);
    silentFrame = { rate, features };
  }
  return silentFrame.features;
}

/**
 * One descriptor per stored frame: the mean and standard deviation of the analysis frames whose centres lie
 * within half a window of the frame's time (seconds on the frames' clock, where sound sample 0 is time 0).
 */
export function frameDescriptors(frames: Float32Array, rate: number, times: ArrayLike<number>, window = WINDOW_SECONDS): Float32Array {
  const n = frames.length / FRAME_FEATURES;
  const perSecond = rate / FRAME;
  const out = new Float32Array(times.length * SOUND_DIM);
  const quiet = silence(rate);
  for (let r = 0; r < times.length; r++) {
    const t = times[r]!;
    const lo = Math.max(0, Math.ceil((t - window / 2) * perSecond - 0.5));
    const hi = Math.min(n - 1, Math.floor((t + window / 2) * perSecond - 0.5));
    const row = out.subarray(r * SOUND_DIM, (r + 1) * SOUND_DIM);
    if (hi < lo) {
      row.set(quiet);
      continue;
    }
    const count = hi - lo + 1;
    for (let j = lo; j <= hi; j++) for (let f = 0; f < FRAME_FEATURES; f++) row[f]! += frames[j * FRAME_FEATURES + f]! / count;
    for (let j = lo; j <= hi; j++) {
      for (let f = 0; f < FRAME_FEATURES; f++) {
        const d = frames[j * FRAME_FEATURES + f]! - row[f]!;
        row[FRAME_FEATURES + f]! += (d * d) / count;
      }
    }
    for (let f = 0; f < FRAME_FEATURES; f++) row[FRAME_FEATURES + f] = Math.sqrt(row[FRAME_FEATURES + f]!);
  }
  return out;
}

/**
 * Rows made comparable by cosine: each feature centred and scaled by its spread over all the rows given (so
 * loud MFCC 0 does not drown chroma), then each row to unit length. Rows of all zeros (no sound) stay zero.
 */
export function standardiseRows(rows: Float32Array, dim: number, keep: (row: number) => boolean = () => true): Float32Array {
  const n = rows.length / dim;
  const mean = new Float64Array(dim), sq = new Float64Array(dim);
  let m = 0;
  for (let r = 0; r < n; r++) {
    if (!keep(r)) continue;
    m++;
    for (let f = 0; f < dim; f++) {
      const v = rows[r * dim + f]!;
      mean[f]! += v;
      sq[f]! += v * v;
    }
  }
  const sd = new Float64Array(dim);
  for (let f = 0; f < dim; f++) {
    mean[f] = m ? mean[f]! / m : 0;
    sd[f] = Math.sqrt(Math.max(0, (m ? sq[f]! / m : 0) - mean[f]! ** 2)) || 1;
  }
  const out = new Float32Array(rows.length);
  for (let r = 0; r < n; r++) {
    if (!keep(r)) continue;
    let len = 0;
    for (let f = 0; f < dim; f++) {
      const v = (rows[r * dim + f]! - mean[f]!) / sd[f]!;
      out[r * dim + f] = v;
      len += v * v;
    }
    len = Math.sqrt(len) || 1;
    for (let f = 0; f < dim; f++) out[r * dim + f]! /= len;
  }
  return out;
}
