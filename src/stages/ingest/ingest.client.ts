// Main-thread side of ingest: runs one job on the ingest worker with a
// watchdog, so a hung decoder becomes an error instead of a frozen queue.
import { AppError } from '../../core/errors';
import { RpcClient, type ClientOptions } from '../../rpc/workerRpc';
import { spawnIngestWorker } from '../../rpc/spawn';
import type { AudioJob, AudioResult, ClipFrames, ClipJob, IngestEvent, IngestJob, IngestProtocol, IngestResult, LookEvent, LookJob, LookVideo } from './ingest.protocol';

/** No event for this long means the decoder hangs (first load compiles ~32 MB of wasm). */
const STALL_SECONDS = 300;

export class IngestClient {
  private readonly rpc: RpcClient<IngestProtocol>;

  /** @param options `idleMs`: let the worker go when unused that long (it is spawned again on the next call) */
  constructor(options: ClientOptions = {}) {
    this.rpc = new RpcClient<IngestProtocol>(spawnIngestWorker, 'ingest', options);
  }

  run(job: IngestJob, onEvent: (e: IngestEvent) => void, signal: AbortSignal): Promise<IngestResult> {
    return this.watched('ingest', job, job.file.name, onEvent, signal);
  }

  /** Samples a query clip into memory (nothing is stored). */
  clip(job: ClipJob, onEvent: (e: IngestEvent) => void, signal: AbortSignal): Promise<ClipFrames> {
    return this.watched('clip', job, job.file.name, onEvent, signal);
  }

  /** A first look at a drop's videos, stored beside each as `<id>~look` (firstLook.ts). */
  look(job: LookJob, onEvent: (e: LookEvent) => void, signal: AbortSignal): Promise<LookVideo[]> {
    return this.watched('look', job, `${job.videos.length} videos`, onEvent, signal);
  }

  /** Decodes a video's sound into its sound file (after its frames). */
  audio(job: AudioJob, onSeconds: (seconds: number) => void, signal: AbortSignal): Promise<AudioResult> {
    return this.watched('audio', job, `the sound of ${job.file.name}`, (e) => onSeconds(e.seconds), signal);
  }

  private watched<K extends keyof IngestProtocol>(type: K, job: IngestProtocol[K]['payload'], name: string, onEvent: (e: IngestProtocol[K]['event']) => void, signal: AbortSignal): Promise<IngestProtocol[K]['result']> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        this.rpc.terminate(new AppError('stalled', 'ingest', `decoding ${name} made no progress for ${STALL_SECONDS} s and was stopped`));
      }, STALL_SECONDS * 1000);
    };
    arm();
    return this.rpc
      .call(type, job, {
        signal,
        onEvent: (e) => {
          arm();
          onEvent(e);
        },
      })
      .finally(() => clearTimeout(timer));
  }
}
