// Main-thread face of publish.worker. Its own worker, kept for the whole publish
// (the archive lives in it between parts); cancelling terminates it, which
// leaves the export file uncommitted.
import { RpcClient } from '../../rpc/workerRpc';
import { spawnPublishWorker } from '../../rpc/spawn';
import type { PublishProtocol } from './publish.protocol';

export class PublishClient {
  private readonly rpc = new RpcClient<PublishProtocol>(spawnPublishWorker, 'share');

  begin(file: FileSystemFileHandle): Promise<void> {
    return this.rpc.call('begin', { file });
  }

  add(path: string, data: Blob): Promise<{ bytes: number }> {
    return this.rpc.call('add', { path, data });
  }

  end(): Promise<{ bytes: number; entries: number }> {
    return this.rpc.call('end', null);
  }

  /** Stops the worker: an archive begun and not ended is thrown away. */
  dispose(): void {
    this.rpc.terminate();
  }
}
