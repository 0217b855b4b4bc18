// Main-thread side of the features stage.
import { RpcClient, type ClientOptions } from '../../rpc/workerRpc';
import { spawnFeaturesWorker } from '../../rpc/spawn';
import { ortThreadCap } from '../../core/ortThreadCap';
import type { GpuProbe } from './backendChoice';
import type { ImageModelDescriptor } from './imageModel';
import type { ConvertedModel, InspectedModel, ModelRef, EmbedImagesRequest, EmbedRequest, ExtractJob, ExtractResult, FeaturesEvent, FeaturesProtocol } from './features.protocol';

export class FeaturesClient {
  private readonly rpc: RpcClient<FeaturesProtocol>;
  /** onnxruntime-web threads for the next worker started */
  private threads = ortThreadCap();
  /** what the live worker started with, null when there is none */
  private started: number | null = null;

  /** @param options `idleMs`: let the worker go when unused that long (it is spawned again on the next call) */
  constructor(options: ClientOptions = {}) {
    this.rpc = new RpcClient<FeaturesProtocol>(spawnFeaturesWorker, 'features', options);
  }

  /** Every call goes through here: a fresh worker hears its thread count before anything else. */
  private call: RpcClient<FeaturesProtocol>['call'] = (type, payload, opts) => {
    if (!this.rpc.alive) {
      this.started = this.threads;
      void this.rpc.call('threads', { count: this.threads }).catch(() => undefined);
    }
    return this.rpc.call(type, payload, opts);
  };

  /** Threads onnxruntime-web has in the live worker, null when none runs. */
  get threadCount(): number | null {
    return this.rpc.alive ? this.started : null;
  }

  /** Threads for onnxruntime-web from now on: a worker that started with another count is let go once idle. */
  useThreads(count: number): void {
    this.threads = count;
    if (this.rpc.alive && this.started !== count) this.rpc.recycle();
  }

  probe(): Promise<GpuProbe> {
    return this.call('probe', null);
  }

  extract(job: ExtractJob, onEvent: (e: FeaturesEvent) => void, signal: AbortSignal): Promise<ExtractResult> {
    return this.call('extract', job, { onEvent, signal });
  }

  convert(file: File, onStage: (stage: string) => void): Promise<ConvertedModel> {
    return this.call('convert', { file }, { onEvent: (e) => onStage(e.stage) });
  }

  inspectModel(files: File[]): Promise<InspectedModel> {
    return this.call('inspectModel', { files });
  }

  installModel(files: File[], name: string, descriptor: ImageModelDescriptor): Promise<ConvertedModel> {
    return this.call('installModel', { files, name, descriptor });
  }

  embedText(model: ModelRef, text: string): Promise<{ vector: Float32Array; tokens: number }> {
    return this.call('embedText', { model, text });
  }

  embed(req: EmbedRequest): Promise<{ vectors: Float32Array[] }> {
    return this.call('embed', req);
  }

  embedImages(req: EmbedImagesRequest, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<{ vectors: Float32Array[]; backend: string }> {
    return this.call('embedImages', req, { onEvent: (e) => onProgress(e.done, e.total), signal });
  }

  /** Ends the worker (a later call starts a fresh one). */
  dispose(): void {
    this.rpc.terminate();
  }
}
