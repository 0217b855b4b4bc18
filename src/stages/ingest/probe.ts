// Turns ffprobe's JSON into the facts the library shows and sampling needs.
import { AppError } from '../../core/errors';

export interface VideoProbe {
  duration: number | null;
  fps: number | null;
  width: number;
  height: number;
  /** sample aspect ratio (pixel shape); 1 for square pixels */
  sar: number;
  codec: string;
  container: string;
  /** frames in the video stream, exact when the container says, else duration × fps */
  sourceFrames: number | null;
  /** entries the container's header counts (nb_frames), null when it does not say; AVI counts empty chunks too */
  headerPackets?: number | null;
  /** true when rotation metadata swaps width and height on display */
  rotated: boolean;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  sample_aspect_ratio?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
  disposition?: { attached_pic?: number };
}

interface FfprobeJson {
  streams?: FfprobeStream[];
  format?: { duration?: string; format_name?: string };
}

export function parseRatio(r: string | undefined, sep = '/'): number | null {
  if (!r) return null;
  const [a, b] = r.split(sep).map(Number);
  if (a === undefined || !Number.isFinite(a)) return null;
  if (b === undefined) return a;
  return b > 0 && a > 0 ? a / b : null;
}

const positive = (v: number | null | undefined): number | null =>
  v !== null && v !== undefined && Number.isFinite(v) && v > 0 ? v : null;

export function parseProbe(json: string, fileName: string): VideoProbe {
  let data: FfprobeJson;
  try {
    data = JSON.parse(json) as FfprobeJson;
  } catch {
    throw new AppError('not-video', 'ingest', `${fileName} is not a video ffmpeg can read`);
  }
  const streams = data.streams ?? [];
  // Cover art in audio files is a "video" stream too; skip it.
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!v) {
    const what = streams.length ? 'has no video stream' : 'is not a video ffmpeg can read';
    throw new AppError(streams.length ? 'no-video-stream' : 'not-video', 'ingest', `${fileName} ${what}`);
  }
  if (!v.width || !v.height) {
    throw new AppError('unsupported-codec', 'ingest', `${fileName}: video stream ${v.codec_name ?? '?'} has no picture size (unsupported codec?)`);
  }
  const fps = positive(parseRatio(v.avg_frame_rate)) ?? positive(parseRatio(v.r_frame_rate));
  const duration = positive(Number(v.duration)) ?? positive(Number(data.format?.duration));
  const nb = positive(Number(v.nb_frames));
  const sourceFrames = nb ?? (duration !== null && fps !== null ? Math.round(duration * fps) : null);
  const rotation = Number(v.tags?.rotate ?? v.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0);
  return {
    duration,
    fps: fps !== null && fps < 1000 ? fps : null,
    width: v.width,
    height: v.height,
    sar: positive(parseRatio(v.sample_aspect_ratio, ':')) ?? 1,
    codec: v.codec_name ?? 'unknown',
    container: data.format?.format_name ?? 'unknown',
    sourceFrames,
    headerPackets: nb,
    rotated: Math.abs(rotation) % 180 === 90,
  };
}
