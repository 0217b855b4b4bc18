// Main-thread face of detect.worker. Cancelling terminates it (tfjs' wasm
// cannot be stopped mid-frame); the stored blocks survive, the next run goes on.
import { spawnDetectWorker } from '../../rpc/spawn';
import { RpcClient } from '../../rpc/workerRpc';
import type { DetectEvent, DetectJob, DetectProtocol, DetectResult, PhotoFace } from './detect.protocol';

/** Where the detectors' model files are served (public/models/human/, copied from Human's package at install). */
export const detectorModelBase = (): string => new URL(`${import.meta.env.BASE_URL}models/human/`, location.href).href;

export class DetectClient {
  private readonly rpc = new RpcClient<DetectProtocol>(spawnDetectWorker, 'detect');

  run(job: DetectJob, onEvent: (e: DetectEvent) => void, signal: AbortSignal): Promise<DetectResult> {
    return this.rpc.call('run', job, { onEvent, signal });
  }

  groupFaces(rows: Float32Array, dim: number, threshold: number, signal?: AbortSignal): Promise<{ groups: Int32Array; ms: number }> {
    // copied, not moved: the caller keeps its rows to rank faces with
    return this.rpc.call('groupFaces', { rows, dim, threshold }, { signal });
  }

  photoFaces(image: Blob, modelBase: string, signal?: AbortSignal): Promise<{ faces: PhotoFace[] }> {
    return this.rpc.call('photoFaces', { image, modelBase }, { signal });
  }
}
