// Which decoder ingests a file, and the reason the library row shows. Pure:
// the worker gathers the facts (container, codec, what VideoDecoder says) and
// this decides, so the rules are unit-tested in Node.
import type { DecoderSetting } from './sampling';
import type { ContainerKind } from './sourceTime';

export type DecodePath = 'webcodecs' | 'ffmpeg';

/** Codecs the WebCodecs path feeds to VideoDecoder (mediabunny's names). */
export const FAST_CODECS = ['avc', 'hevc', 'vp8', 'vp9', 'av1'] as const;
export type FastCodec = (typeof FAST_CODECS)[number];

/** ffmpeg's name for a codec, as the library row shows it. */
export const FFMPEG_CODEC_NAME: Record<FastCodec, string> = { avc: 'h264', hevc: 'hevc', vp8: 'vp8', vp9: 'vp9', av1: 'av1' };

export const isFastCodec = (c: string | null): c is FastCodec => (FAST_CODECS as readonly string[]).includes(c ?? '');

/** What VideoDecoder.isConfigSupported said: with a hardware preference, only without one, or not at all. */
export type DecoderSupport = 'hardware' | 'software' | 'unsupported';

export interface PathFacts {
  setting: DecoderSetting;
  /** VideoDecoder exists in this worker */
  webcodecs: boolean;
  /** what the fast path's demuxer made of the file; null: not a container it reads */
  container: ContainerKind | null;
  /** the video track's codec; null when unknown or no video track was found */
  codec: string | null;
  /** asked only when container and codec qualify */
  support: DecoderSupport | null;
}

/** Why ffmpeg.wasm decodes a file; `detail` completes the sentence once ffprobe has named things. */
export type FfmpegCause = 'forced' | 'no-webcodecs' | 'container' | 'codec' | 'unsupported' | 'failed';

export type PathChoice =
  | { path: 'webcodecs'; hardware: boolean; forced: boolean }
  | { path: 'ffmpeg'; cause: FfmpegCause; forced: boolean };

export function chooseDecodePath(f: PathFacts): PathChoice {
  const forced = f.setting !== 'auto';
  if (f.setting === 'ffmpeg') return { path: 'ffmpeg', cause: 'forced', forced };
  // Forcing WebCodecs cannot make the browser decode what it cannot: those files still go to ffmpeg.wasm.
  if (!f.webcodecs) return { path: 'ffmpeg', cause: 'no-webcodecs', forced };
  if (f.container === null) return { path: 'ffmpeg', cause: 'container', forced };
  if (!isFastCodec(f.codec)) return { path: 'ffmpeg', cause: 'codec', forced };
  if (f.support === 'hardware' || f.support === 'software') return { path: 'webcodecs', hardware: f.support === 'hardware', forced };
  return { path: 'ffmpeg', cause: 'unsupported', forced };
}

const CONTAINER_NAME: [RegExp, string][] = [
  [/^avi$/, 'AVI'], [/mpegts/, 'MPEG-TS'], [/matroska|webm/, 'Matroska'], [/mov|mp4/, 'MP4'], [/ogg/, 'Ogg'], [/flv/, 'FLV'], [/asf/, 'ASF'], [/mpeg/, 'MPEG-PS'],
];

/** A readable container name from ffprobe's format_name ("mov,mp4,m4a,…" → "MP4"). */
export function containerName(formatName: string): string {
  return CONTAINER_NAME.find(([re]) => re.test(formatName))?.[1] ?? formatName.split(',')[0]!;
}

/**
 * The line the library row shows. `codec`/`container` are ffprobe's names (known once the ffmpeg path probed);
 * `failure` is why WebCodecs gave up mid-file.
 */
export function pathReason(c: PathChoice, names: { codec?: string; container?: string; failure?: string } = {}): string {
  if (c.path === 'webcodecs') return `WebCodecs · ${c.hardware ? 'hardware' : 'software'}${c.forced ? ' (forced in settings)' : ''}`;
  const codec = names.codec ?? 'this codec';
  // An AVI of cinepak: the codec is the better reason (no container would make it decodable here).
  const cause = c.cause === 'container' && names.codec && !Object.values(FFMPEG_CODEC_NAME).includes(names.codec) ? 'codec' : c.cause;
  const forcedNote = c.forced && c.cause !== 'forced' ? ' (WebCodecs forced in settings)' : '';
  const why: Record<FfmpegCause, string> = {
    forced: 'forced in settings',
    'no-webcodecs': 'this browser has no WebCodecs',
    container: `${names.container ? containerName(names.container) : 'this'} container is not read by the WebCodecs path`,
    codec: `${codec} not supported by this browser`,
    unsupported: `${codec} not supported by this browser`,
    failed: `WebCodecs failed${names.failure ? ` (${names.failure})` : ''}; decoded again from the start`,
  };
  return `ffmpeg.wasm: ${why[cause]}${forcedNote}`;
}
