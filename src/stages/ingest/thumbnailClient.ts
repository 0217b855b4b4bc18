// The decoder loop's side of thumbnail.worker (worker only): ThumbnailMaker's make and holds, with the drawing and
// encoding done on the thumbnail worker's thread, so that the loop's own thread is free to pass the decoder its
// next packet. In a browser whose workers cannot start workers, the frames are drawn in place.
import { RpcClient } from '../../rpc/workerRpc';
import { spawnThumbnailWorker } from '../../rpc/spawnInWorker';
import { ThumbnailMaker, type FrameThumbnails, type ThumbnailSpec } from './thumbnailMaker';
import type { ThumbnailProtocol } from './thumbnail.protocol';

export class ThumbnailClient implements FrameThumbnails {
  drawSeconds = 0;
  private readonly rpc = new RpcClient<ThumbnailProtocol>(spawnThumbnailWorker, 'ingest');

  constructor(private readonly spec: ThumbnailSpec) {}

  /** The frame is posted at once (transferred): the caller closes its own handle, a no-op once transferred. */
  holds(): boolean {
    return false;
  }

  async make(frame: VideoFrame): Promise<Uint8Array> {
    const { bytes, drawSeconds } = await this.rpc.call('make', { spec: this.spec, frame }, { transfer: [frame] });
    this.drawSeconds += drawSeconds;
    return bytes;
  }

  close(): void {
    this.rpc.terminate();
  }
}

/** Thumbnails for a decoding pass: on their own worker where this worker can start one. */
export function frameThumbnails(spec: ThumbnailSpec): FrameThumbnails {
  return typeof Worker === 'function' ? new ThumbnailClient(spec) : new ThumbnailMaker(spec);
}
