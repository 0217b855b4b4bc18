// ffmpeg command lines for probing and sampling. Pure: the worker runs them.
import { effectiveSampling, resumedSelectExpression, selectExpression, type SamplingParams } from './sampling';

export const INPUT_DIR = '/in';
export const PROBE_OUT = '/probe.json';
/** A character device whose writes land in our callback (see decisions/0002). */
export const FRAME_DEVICE = '/frames.pipe';

export function probeArgs(inputPath: string): string[] {
  return ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', inputPath, '-o', PROBE_OUT];
}

/** JPEG quality 1–100 to mjpeg's qscale 31 (worst) … 2 (best). */
export function jpegQscale(quality: number): number {
  return Math.round(31 - ((quality - 1) / 99) * 29);
}

/**
 * `sourceFps`: the probed rate, which keyframes-only sampling turns every-Nth into time buckets with.
 * `select`: which frames to keep, by default the sampling's.
 */
export function filterGraph(p: SamplingParams, sourceFps: number | null = null, select = selectExpression(effectiveSampling(p, sourceFps))): string {
  const half = p.height / 2;
  // dar keeps anamorphic sources right; round(·)*2 matches ffmpeg's -2 (1280×720 → 534×300).
  // The encoders store YUV as it comes and every image decoder reads it as BT.601 (WebP limited range, JPEG full):
  // a source tagged otherwise (HD and phones: BT.709; HDR: BT.2020) is converted to that, as native ffmpeg
  // converts it to RGB by its tag. Untagged sources are BT.601 to both.
  const range = p.format === 'webp' ? 'tv' : 'pc';
  return [
    `select=${select}`,
    `scale=w=round(${half}*dar)*2:h=${p.height}:flags=area:in_color_matrix=auto:out_color_matrix=bt601:out_range=${range}`,
    'setsar=1',
    // showinfo logs each kept frame's pts_time: the source timestamp we store.
    'showinfo',
  ].join(',');
}

/** The image encoder for the frames, as the settings ask. */
export function imageCodecArgs(p: SamplingParams): string[] {
  return p.format === 'webp'
    ? ['-c:v', 'libwebp', '-quality', String(p.quality), '-compression_level', '2']
    : ['-c:v', 'mjpeg', '-q:v', String(jpegQscale(p.quality)), '-pix_fmt', 'yuvj420p'];
}

/** A frame to go to (a look frame, or where a cut-off pass goes on): seek to `from`, keep from the frame at `target − tolerance`. */
export interface FrameSeek {
  from: number;
  target: number;
  tolerance: number;
}

/**
 * `maxSeconds` decodes only the start of the input (query clips). `resume`: a pass cut off earlier goes on from
 * its next frame, on the same clock (-copyts -start_at_zero prints the times a run from the start prints).
 */
export function sampleArgs(inputPath: string, p: SamplingParams, threads: number, maxSeconds?: number, sourceFps: number | null = null, resume?: FrameSeek): string[] {
  const rule = effectiveSampling(p, sourceFps);
  return [
    '-nostdin', '-hide_banner', '-nostats',
    // The log level is global to the core and ffprobe's `-v error` outlives its run: say it on every run.
    // Info would do for showinfo's timestamps; verbose adds the closing per-stream packet and frame counts.
    '-v', 'verbose',
    '-threads', String(threads),
    // Keyframes only ("fast, approximate"): the decoder skips every other frame, as the WebCodecs path does.
    ...(p.keyframesOnly ? ['-skip_frame', 'nokey'] : []),
    ...(resume ? ['-ss', Math.max(0, resume.from).toFixed(6), '-copyts', '-start_at_zero'] : []),
    '-i', inputPath,
    ...(maxSeconds ? ['-t', String(maxSeconds)] : []),
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', filterGraph(p, sourceFps, resume ? resumedSelectExpression(rule, resume.target - resume.tolerance) : selectExpression(rule)),
    '-fps_mode', 'passthrough',
    ...imageCodecArgs(p),
    '-f', 'image2pipe', FRAME_DEVICE,
  ];
}
