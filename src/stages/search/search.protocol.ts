// Messages between the search client and search.worker.
import type { VideoId } from '../../core/ids';
import type { Endpoint } from '../../rpc/workerRpc';
import type { ClipCandidate } from './clipMatch';

export interface IndexVideo {
  id: VideoId;
  /** frames of this video in the layout (its rows, in order) */
  frames: number;
  /** MIME type of its stored thumbnails */
  mime: string;
}

export interface OpenRequest {
  /** storage name of the layout whose PCA features are the index */
  layout: string;
  videos: IndexVideo[];
  /** 'auto': tfjs on WebGPU with a hardware adapter, else plain loops on the CPU */
  backend: SearchBackend | 'auto';
}

export type SearchBackend = 'webgpu' | 'cpu';

export interface IndexInfo {
  frames: number;
  dim: number;
  backend: SearchBackend;
  /** queries from outside the library (clips, images) need the layout's PCA axes */
  canEmbed: boolean;
  /** median seconds between stored frames (how densely to sample a query clip) */
  step: number;
  /** what opening did to bring the stored index in line with the layout (all 0: it already was) */
  repair: IndexRepair;
}

export interface IndexRepair {
  /** rows computed again from stored features through the layout's PCA axes */
  computed: number;
  /** stored rows of frames the layout no longer holds, left out */
  dropped: number;
  /** layout frames without stored features: in the index as empty rows that match nothing */
  missing: number;
}

export interface Hit {
  /** layout row */
  row: number;
  score: number;
}

export interface KnnRequest {
  /** a frame of the index, or a raw feature vector (a dropped image) */
  row?: number;
  vector?: Float32Array;
  k: number;
  /** layout rows allowed (frames holding an object class), every one when absent */
  rows?: Int32Array;
}

export interface ClipRequest {
  /** raw feature vectors of the clip's frames (model dim × 2 each) */
  vectors: Float32Array[];
  /** their times in the clip, seconds */
  times: number[];
  top: number;
}

export interface ClipMatch extends ClipCandidate {
  /** layout row nearest that moment */
  row: number;
}

export interface VideoScore {
  video: number;
  set: number;
  sequence: number;
  /** the same two measures over sound descriptors; null until sound is loaded, or when either video has no sound track or a silent one */
  sound: { set: number; sequence: number } | null;
}

/** The feature model id of sound rows written as a feature store: what a layout of sound trains on. */
export const SOUND_MODEL = 'sound';

/** A video's sound in the index: a track with sound, a silent track (< −60 dBFS throughout), or no track (or not read yet). */
export type SoundState = 'sound' | 'silent' | 'none';

export interface Timings {
  ms: number;
}

export interface BenchRequest {
  frames: number;
  videos: number;
  dim: number;
  backend: SearchBackend;
  queries: number;
  clipFrames: number;
}

export interface BenchResult {
  backend: SearchBackend;
  frames: number;
  /** ms per query, sorted */
  knnMs: number[];
  clipMs: number[];
  /** the clip queries that found their video and offset (±1 s) */
  clipCorrect: number;
}

export interface TextSearchRequest {
  /** the layout's feature model (a CLIP pair's vision tower) and its frame vector length (two crops) */
  model: string;
  dim: number;
  /** the query's embedding by the pair's text tower (one crop's length) */
  vector: Float32Array;
  k: number;
  /** index videos searched (their positions), every one when absent */
  videos?: number[];
  /** seconds into each video */
  from?: number;
  to?: number;
  /** layout rows allowed (a group's), every one when absent */
  rows?: Int32Array;
}

export interface TextSearchResult {
  /** best first, with each frame's source time (seconds) */
  hits: (Hit & { time: number })[];
  /** videos ranked by the mean of their best few frames' scores, with their best frame */
  videos: { video: number; score: number; row: number }[];
  /** frames searched (after the filters) */
  frames: number;
  ms: number;
}

export type SearchProtocol = {
  /** frames ranked by a text query's embedding (a CLIP pair), in the pair's own space; progress while the frames are first read */
  text: Endpoint<TextSearchRequest, TextSearchResult, { done: number; total: number }>;
  open: Endpoint<OpenRequest, IndexInfo, never>;
  knn: Endpoint<KnnRequest, { hits: Hit[] } & Timings, never>;
  clip: Endpoint<ClipRequest, { matches: ClipMatch[] } & Timings, never>;
  similarVideos: Endpoint<{ video: number }, { scores: VideoScore[] } & Timings, never>;
  keyframes: Endpoint<{ video: number; count: number }, { rows: number[] }, never>;
  /** index rows as the search uses them (unit length), for a published atlas's own search */
  unitRows: Endpoint<{ rows: Int32Array }, { dim: number; values: Float32Array }, never>;
  /** dominant colours of every indexed frame: computed once per video, then read back */
  colours: Endpoint<null, { frames: number }, { done: number; total: number }>;
  similarColours: Endpoint<{ row?: number; video?: number; k: number }, { hits: Hit[]; videos: { video: number; distance: number }[] }, never>;
  palette: Endpoint<{ row: number }, { palette: Float32Array }, never>;
  /** sound descriptors of every indexed frame (stages/sound): computed once per video from its stored sound, then read back */
  sound: Endpoint<{ fresh: boolean }, { videos: SoundState[]; ms: number }, { done: number; total: number }>;
  /** each video's sound rows (standardised over the videos with sound) written as its `sound` feature store: what a layout of sound trains on; no index needed */
  soundFeatures: Endpoint<{ videos: IndexVideo[] }, { states: SoundState[]; dim: number; ms: number }, { done: number; total: number }>;
  /** frames whose second of sound is most like this frame's (videos with sound only) */
  soundKnn: Endpoint<{ row: number; k: number }, { hits: Hit[] } & Timings, never>;
  bench: Endpoint<BenchRequest, BenchResult, never>;
};
