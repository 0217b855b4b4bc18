// Main-thread side of the projection stage.
import { RpcClient } from '../../rpc/workerRpc';
import { spawnProjectionWorker } from '../../rpc/spawn';
import type { BenchRequest, BenchResult, LayoutMeta, PlaceRequest, ProjectionEvent, ProjectionProtocol, TrainRequest } from './projection.protocol';

export class ProjectionClient {
  private readonly rpc = new RpcClient<ProjectionProtocol>(spawnProjectionWorker, 'projection');

  train(req: TrainRequest, onEvent: (e: ProjectionEvent) => void): Promise<LayoutMeta> {
    return this.rpc.call('train', req, { onEvent });
  }

  place(req: PlaceRequest): Promise<LayoutMeta> {
    return this.rpc.call('place', req);
  }

  bench(req: BenchRequest, onEvent: (e: ProjectionEvent) => void): Promise<BenchResult> {
    return this.rpc.call('bench', req, { onEvent });
  }

  stop(): Promise<null> {
    return this.rpc.call('stop', null);
  }

  /** Ends the worker (a later call starts a fresh one). */
  dispose(): void {
    this.rpc.terminate();
  }
}
