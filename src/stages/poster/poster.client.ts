// Main-thread face of poster.worker. Cancelling terminates it: the file being
// written is never committed (OPFS and picked files write to a swap file until close).
import { RpcClient } from '../../rpc/workerRpc';
import { spawnPosterWorker } from '../../rpc/spawn';
import type { BeginRequest, PosterProtocol, RenderResult, RowRequest } from './poster.protocol';

export class PosterClient {
  private readonly rpc = new RpcClient<PosterProtocol>(spawnPosterWorker, 'poster');

  begin(req: BeginRequest, signal: AbortSignal): Promise<void> {
    return this.rpc.call('begin', req, { signal });
  }

  row(req: RowRequest, signal: AbortSignal): Promise<{ bytes: number }> {
    return this.rpc.call('row', req, { signal, transfer: req.images.filter((b): b is ImageBitmap => !!b) });
  }

  end(signal: AbortSignal): Promise<RenderResult> {
    return this.rpc.call('end', null, { signal });
  }
}
