// Which frames to keep and how big: the reference design keeps every 20th
// frame scaled to 300 px high. All pure, so it is unit-tested in Node.
export type Sampling = { mode: 'every-nth'; n: number } | { mode: 'fps'; fps: number };

export type ImageFormat = 'webp' | 'jpeg';

/** Which decoder ingests: chosen per file (`auto`), or forced. See decodePath.ts. */
export type DecoderSetting = 'auto' | 'webcodecs' | 'ffmpeg';

export interface SamplingParams {
  sampling: Sampling;
  height: number;
  format: ImageFormat;
  /** 1–100 */
  quality: number;
  /** default `auto`: WebCodecs where the browser decodes the file, else ffmpeg.wasm */
  decoder?: DecoderSetting;
  /**
   * "fast, approximate": decode only keyframes and keep at most one per sampling step
   * (every-Nth becomes a step of N / fps seconds). Frames then fall where the encoder put its keyframes.
   */
  keyframesOnly?: boolean;
}

export const DEFAULT_PARAMS: SamplingParams = {
  sampling: { mode: 'every-nth', n: 20 },
  height: 300,
  format: 'webp',
  quality: 80,
  decoder: 'auto',
  keyframesOnly: false,
};

export const MIME: Record<ImageFormat, string> = { webp: 'image/webp', jpeg: 'image/jpeg' };
/** The MIME type of a video's stored frames, from its sampling parameters (WebP when unknown). */
export const frameMime = (params: { format: ImageFormat } | undefined): string => MIME[params?.format ?? 'webp'];

/** Clamp user input into a range ffmpeg accepts; returns a new object. */
export function sanitizeParams(p: SamplingParams): SamplingParams {
  const clamp = (v: number, lo: number, hi: number, dflt: number) =>
    Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : dflt;
  const sampling: Sampling =
    p.sampling.mode === 'every-nth'
      ? { mode: 'every-nth', n: Math.round(clamp(p.sampling.n, 1, 10000, 20)) }
      : { mode: 'fps', fps: clamp(p.sampling.fps, 0.01, 120, 1) };
  return {
    sampling,
    height: Math.round(clamp(p.height, 16, 2160, 300)),
    format: p.format === 'jpeg' ? 'jpeg' : 'webp',
    quality: Math.round(clamp(p.quality, 1, 100, 80)),
    decoder: p.decoder === 'webcodecs' || p.decoder === 'ffmpeg' ? p.decoder : 'auto',
    keyframesOnly: p.keyframesOnly === true,
  };
}

/** ffmpeg `select` expression; commas escaped for the filtergraph parser. */
export function selectExpression(s: Sampling): string {
  if (s.mode === 'every-nth') return `not(mod(n\\,${s.n}))`;
  // One frame per 1/fps bucket of the source clock: exact rate, no drift.
  return `isnan(prev_selected_t)+gt(floor(t*${s.fps})\\,floor(prev_selected_t*${s.fps}))`;
}

/**
 * The same rule for a pass that goes on after a seek: nothing before `from` (the next frame to keep, less a
 * tolerance), that frame, then the rule counted from it: every Nth frame after the last kept one (`n` restarts
 * after a seek, so `mod(n, N)` would count from the wrong frame), or the next time bucket.
 */
export function resumedSelectExpression(s: Sampling, from: number): string {
  const after = `gte(t\\,${Math.max(0, from).toFixed(6)})`;
  // prev_selected_n starts at 0, not NaN (ffmpeg 5.1): the first frame is told by selected_n.
  if (s.mode === 'every-nth') return `${after}*if(eq(selected_n\\,0)\\,1\\,eq(n-prev_selected_n\\,${s.n}))`;
  return `${after}*(${selectExpression(s)})`;
}

/**
 * The rule both decoders apply to the frames they see. Keyframes-only turns every-Nth into time buckets
 * of N / fps seconds (a count of keyframes would say nothing about time); without a known rate, 25 fps.
 */
export function effectiveSampling(p: Pick<SamplingParams, 'sampling' | 'keyframesOnly'>, fps: number | null): Sampling {
  if (!p.keyframesOnly || p.sampling.mode === 'fps') return p.sampling;
  return { mode: 'fps', fps: (fps ?? 25) / p.sampling.n };
}

/** Width for a given height keeping the display aspect, rounded to even like ffmpeg's -2. */
export function scaledWidth(width: number, height: number, sar: number, targetHeight: number): number {
  const dar = (width * (sar > 0 ? sar : 1)) / height;
  return Math.max(2, Math.round((targetHeight / 2) * dar) * 2);
}

/** How many frames sampling will keep; null when the source frame count is unknown. */
export function expectedKept(sourceFrames: number | null, duration: number | null, s: Sampling): number | null {
  if (s.mode === 'every-nth') return sourceFrames === null ? null : Math.ceil(sourceFrames / s.n);
  return duration === null ? null : Math.max(1, Math.ceil(duration * s.fps));
}

/** Frame time to fall back on when the decoder log gave none (CFR assumption). */
export function nominalTime(keptIndex: number, s: Sampling, fps: number | null): number {
  if (s.mode === 'fps') return keptIndex / s.fps;
  return fps ? (keptIndex * s.n) / fps : NaN;
}
