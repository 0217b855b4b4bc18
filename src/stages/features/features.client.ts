// Main-thread side of the features stage.
import { RpcClient, type ClientOptions } from '../../rpc/workerRpc';
import { spawnFeaturesWorker } from '../../rpc/spawn';
import type { GpuProbe } from './backendChoice';
import type { ImageModelDescriptor } from './imageModel';
import type { ConvertedModel, InspectedModel, ModelRef, EmbedImagesRequest, EmbedRequest, ExtractJob, ExtractResult, FeaturesEvent, FeaturesProtocol } from './features.protocol';

export class FeaturesClient {
  private readonly rpc: RpcClient<FeaturesProtocol>;

  /** @param options `idleMs`: let the worker go when unused that long (it is spawned again on the next call) */
  constructor(options: ClientOptions = {}) {
    this.rpc = new RpcClient<FeaturesProtocol>(spawnFeaturesWorker, 'features', options);
  }

  probe(): Promise<GpuProbe> {
    return this.rpc.call('probe', null);
  }

  extract(job: ExtractJob, onEvent: (e: FeaturesEvent) => void, signal: AbortSignal): Promise<ExtractResult> {
    return this.rpc.call('extract', job, { onEvent, signal });
  }

  convert(file: File, onStage: (stage: string) => void): Promise<ConvertedModel> {
    return this.rpc.call('convert', { file }, { onEvent: (e) => onStage(e.stage) });
  }

  inspectModel(files: File[]): Promise<InspectedModel> {
    return this.rpc.call('inspectModel', { files });
  }

  installModel(files: File[], name: string, descriptor: ImageModelDescriptor): Promise<ConvertedModel> {
    return this.rpc.call('installModel', { files, name, descriptor });
  }

  embedText(model: ModelRef, text: string): Promise<{ vector: Float32Array; tokens: number }> {
    return this.rpc.call('embedText', { model, text });
  }

  embed(req: EmbedRequest): Promise<{ vectors: Float32Array[] }> {
    return this.rpc.call('embed', req);
  }

  embedImages(req: EmbedImagesRequest, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<{ vectors: Float32Array[]; backend: string }> {
    return this.rpc.call('embedImages', req, { onEvent: (e) => onProgress(e.done, e.total), signal });
  }

  /** Ends the worker (a later call starts a fresh one). */
  dispose(): void {
    this.rpc.terminate();
  }
}
