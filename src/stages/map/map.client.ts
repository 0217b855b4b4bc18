// Main-thread face of map.worker. Tiles are cancelled one by one (a message,
// not a terminate): the worker's readers and decoded frames are worth keeping.
import type { VideoId } from '../../core/ids';
import { RpcClient } from '../../rpc/workerRpc';
import { spawnMapWorker } from '../../rpc/spawn';
import type { DotsRequest, Encoding, TileRequest, TileSources, TilesProtocol } from './map.protocol';

export class TilesClient {
  private readonly rpc = new RpcClient<TilesProtocol>(spawnMapWorker, 'map');

  sources(s: TileSources): Promise<void> {
    return this.rpc.call('sources', s);
  }

  tile(req: TileRequest, signal?: AbortSignal): Promise<ImageBitmap> {
    return this.rpc.call('tile', req, signal ? { signal, cancel: 'message' } : {});
  }

  dots(req: DotsRequest, signal?: AbortSignal): Promise<ImageBitmap> {
    return this.rpc.call('dots', req, { transfer: [req.points.buffer], ...(signal ? { signal, cancel: 'message' as const } : {}) });
  }

  frame(video: VideoId, frame: number, width: number, height: number, signal?: AbortSignal): Promise<ImageBitmap> {
    return this.rpc.call('frame', { video, frame, width: Math.round(width), height: Math.round(height) }, signal ? { signal, cancel: 'message' } : {});
  }

  tileImage(req: TileRequest & Encoding, signal?: AbortSignal): Promise<Blob> {
    return this.rpc.call('tileImage', req, signal ? { signal, cancel: 'message' } : {});
  }

  frameImage(video: VideoId, frame: number, height: number, encoding: Encoding, signal?: AbortSignal): Promise<Blob> {
    return this.rpc.call('frameImage', { video, frame, height, ...encoding }, signal ? { signal, cancel: 'message' } : {});
  }

  dispose(): void {
    this.rpc.terminate();
  }
}
