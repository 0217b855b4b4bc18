// Main-thread face of poster.worker; cancelling terminates it (the file being written is aborted and removed).
import { RpcClient } from '../../rpc/workerRpc';
import { spawnPosterWorker } from '../../rpc/spawn';
import type { PosterEvent, PosterProtocol, RenderRequest, RenderResult } from './poster.protocol';

export class PosterClient {
  private readonly rpc = new RpcClient<PosterProtocol>(spawnPosterWorker, 'poster');

  render(req: RenderRequest, onEvent: (e: PosterEvent) => void, signal?: AbortSignal): Promise<RenderResult> {
    return this.rpc.call('render', req, signal ? { onEvent, signal } : { onEvent });
  }
}
