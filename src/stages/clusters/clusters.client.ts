// Main-thread face of clusters.worker. Cancelling terminates it.
import { RpcClient } from '../../rpc/workerRpc';
import { spawnClustersWorker } from '../../rpc/spawn';
import type { ClusterModel } from './clustering';
import type { ClustersProtocol } from './clusters.protocol';

export class ClustersClient {
  private readonly rpc = new RpcClient<ClustersProtocol>(spawnClustersWorker, 'clusters');

  fit(rows: Float32Array, dim: number, signal: AbortSignal): Promise<{ model: ClusterModel; ms: number }> {
    return this.rpc.call('fit', { rows, dim }, { signal, transfer: [rows.buffer] });
  }

  use(model: ClusterModel, signal: AbortSignal): Promise<null> {
    // Copied, not moved: the caller keeps the model it stores.
    return this.rpc.call('use', { model }, { signal });
  }

  assign(rows: Float32Array, dim: number, signal: AbortSignal): Promise<{ groups: Int32Array }> {
    return this.rpc.call('assign', { rows, dim }, { signal, transfer: [rows.buffer] });
  }
}
