// Main-thread face of share.worker. Cancelling terminates it: an export file is
// never committed (OPFS writes go to a swap file until close), and an import
// stopped while checking has changed nothing.
import { RpcClient } from '../../rpc/workerRpc';
import { spawnShareWorker } from '../../rpc/spawn';
import type { BundleProgress, ExportResult, ImportResult, ShareProtocol } from './share.protocol';

export class ShareClient {
  private readonly rpc = new RpcClient<ShareProtocol>(spawnShareWorker, 'share', { idleMs: 10_000 });

  exportBundle(file: FileSystemFileHandle, onProgress: (p: BundleProgress) => void, signal: AbortSignal): Promise<ExportResult> {
    return this.rpc.call('exportBundle', { file }, { onEvent: onProgress, signal });
  }

  importBundle(file: File, onProgress: (p: BundleProgress) => void, signal: AbortSignal): Promise<ImportResult> {
    return this.rpc.call('importBundle', { file }, { onEvent: onProgress, signal });
  }
}
