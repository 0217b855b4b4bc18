// Messages between the ingest client (main thread) and ingest.worker.
import type { Endpoint } from '../../rpc/workerRpc';
import type { VideoId } from '../../core/ids';
import type { VideoProbe } from './probe';
import type { SamplingParams } from './sampling';
import type { DecodePath } from './decodePath';

export interface IngestJob {
  videoId: VideoId;
  /** Read in place through WORKERFS: never copied whole into memory. */
  file: File;
  params: SamplingParams;
  /** empty any frames stored earlier for this video; otherwise a pass cut off by a reload goes on after them (WebCodecs) */
  restart: boolean;
}

export type IngestEvent =
  | { type: 'loaded'; threads: number; multiThreaded: boolean }
  /** which decoder runs and why (again with the reason when WebCodecs failed and ffmpeg.wasm starts over) */
  | { type: 'path'; path: DecodePath; reason: string }
  | { type: 'probed'; probe: VideoProbe; expectedFrames: number | null; thumbWidth: number; thumbHeight: number }
  | { type: 'frames'; frames: number; bytes: number; lastTime: number }
  /** the frames stored so far were thrown away (ffmpeg.wasm starting over, a resume that did not fit): features made from them go too */
  | { type: 'emptied' };

export interface IngestResult {
  frames: number;
  bytes: number;
  /** partial: some frames were kept but the file is damaged or decoding stopped early */
  status: 'done' | 'partial';
  reason: string | null;
  decodeSeconds: number;
  decodePath: DecodePath;
  /** shown on the library row, e.g. "WebCodecs · software", "ffmpeg.wasm: cinepak not supported by this browser" */
  decodeReason: string;
  /** WebCodecs path: seconds the decoder waited for thumbnail encodes (encoding was the bottleneck this long) */
  encodeWaitSeconds?: number;
  /** frames a cut-off earlier pass had stored, which this one went on after */
  resumedFrom?: number;
  /** WebCodecs path: pictures not kept that no kept picture needs (decodeNeeds.ts) or nothing refers to (disposable.ts), so never decoded */
  leftOut?: number;
}

/** A query clip: sampled like a library video but kept in memory, never stored. */
export interface ClipJob {
  file: File;
  params: SamplingParams;
  /** only the first this many seconds are decoded */
  maxSeconds: number;
}

export interface ClipFrames {
  /** encoded images (params.format), transferred */
  images: ArrayBuffer[];
  /** source time of each, seconds */
  times: number[];
  probe: VideoProbe;
  status: IngestResult['status'];
  reason: string | null;
  /** which decoder sampled the clip, and why */
  decodePath: DecodePath;
  decodeReason: string;
}

/** The first look of a drop: a few real frames per video, breadth first, before any dense pass (firstLook.ts). */
export interface LookJob {
  videos: { videoId: VideoId; file: File; params: SamplingParams }[];
  /** frames over the whole drop, split by duration */
  budget: number;
}

export type LookState = 'decoding' | 'done' | 'skipped' | 'failed';

/** One video's first look: `frames` stored so far of `planned`; skipped = none for it (a short drop, an empty or unreadable file: its dense pass will show it). */
export interface LookVideo {
  videoId: VideoId;
  frames: number;
  planned: number;
  state: LookState;
  reason: string | null;
}

export type LookEvent = { type: 'look' } & LookVideo;

/** A video's sound, decoded after its frames (audioDecode.ts, or ffmpeg.wasm) into its sound file. */
export interface AudioJob {
  videoId: VideoId;
  file: File;
  decoder?: SamplingParams['decoder'];
}

export interface AudioResult {
  /** none: the file has no sound track */
  state: 'done' | 'none';
  seconds: number;
  /** the loudest tenth of a second, dBFS; null: digital silence */
  peakDb: number | null;
  path: DecodePath;
  codec: string | null;
  decodeSeconds: number;
  /** why ffmpeg.wasm read it, when it did */
  reason: string | null;
}

export type IngestProtocol = {
  /** progress: seconds of sound stored so far */
  audio: Endpoint<AudioJob, AudioResult, { type: 'audio'; seconds: number }>;
  ingest: Endpoint<IngestJob, IngestResult, IngestEvent>;
  clip: Endpoint<ClipJob, ClipFrames, IngestEvent>;
  look: Endpoint<LookJob, LookVideo[], LookEvent>;
};
