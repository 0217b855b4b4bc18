// Messages between the ingest client (main thread) and ingest.worker.
import type { Endpoint } from '../../rpc/workerRpc';
import type { VideoId } from '../../core/ids';
import type { VideoProbe } from './probe';
import type { SamplingParams } from './sampling';

export interface IngestJob {
  videoId: VideoId;
  /** Read in place through WORKERFS: never copied whole into memory. */
  file: File;
  params: SamplingParams;
  /** empty any frames stored earlier for this video */
  restart: boolean;
}

export type IngestEvent =
  | { type: 'loaded'; threads: number; multiThreaded: boolean }
  | { type: 'probed'; probe: VideoProbe; expectedFrames: number | null; thumbWidth: number; thumbHeight: number }
  | { type: 'frames'; frames: number; bytes: number; lastTime: number };

export interface IngestResult {
  frames: number;
  bytes: number;
  /** partial: some frames were kept but the file is damaged or decoding stopped early */
  status: 'done' | 'partial';
  reason: string | null;
  decodeSeconds: number;
}

export type IngestProtocol = {
  ingest: Endpoint<IngestJob, IngestResult, IngestEvent>;
};
