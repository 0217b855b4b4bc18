// Main-thread side of the search stage.
import { RpcClient } from '../../rpc/workerRpc';
import { spawnSearchWorker } from '../../rpc/spawn';
import type { BenchRequest, BenchResult, ClipMatch, ClipRequest, Hit, IndexInfo, IndexVideo, KnnRequest, OpenRequest, SearchProtocol, SoundState, TextSearchRequest, TextSearchResult, VideoScore } from './search.protocol';

export class SearchClient {
  private readonly rpc = new RpcClient<SearchProtocol>(spawnSearchWorker, 'search');

  open(req: OpenRequest): Promise<IndexInfo> {
    return this.rpc.call('open', req);
  }

  knn(req: KnnRequest): Promise<{ hits: Hit[]; ms: number }> {
    return this.rpc.call('knn', req);
  }

  clip(req: ClipRequest): Promise<{ matches: ClipMatch[]; ms: number }> {
    return this.rpc.call('clip', req);
  }

  similarVideos(video: number): Promise<{ scores: VideoScore[]; ms: number }> {
    return this.rpc.call('similarVideos', { video });
  }

  keyframes(video: number, count: number): Promise<{ rows: number[] }> {
    return this.rpc.call('keyframes', { video, count });
  }

  /** Index rows (unit length) of these layout rows. */
  unitRows(rows: Int32Array): Promise<{ dim: number; values: Float32Array }> {
    return this.rpc.call('unitRows', { rows }, { transfer: [rows.buffer] });
  }

  colours(onProgress: (done: number, total: number) => void): Promise<{ frames: number }> {
    return this.rpc.call('colours', null, { onEvent: (e) => onProgress(e.done, e.total) });
  }

  similarColours(req: { row?: number; video?: number; k: number }): Promise<{ hits: Hit[]; videos: { video: number; distance: number }[] }> {
    return this.rpc.call('similarColours', req);
  }

  palette(row: number): Promise<Float32Array> {
    return this.rpc.call('palette', { row }).then((r) => r.palette);
  }

  text(req: TextSearchRequest, onProgress: (done: number, total: number) => void): Promise<TextSearchResult> {
    return this.rpc.call('text', req, { onEvent: (e) => onProgress(e.done, e.total) });
  }

  /** Sound rows of every indexed frame; `fresh` reads them again (a video's sound was read since). */
  sound(fresh: boolean, onProgress: (done: number, total: number) => void): Promise<{ videos: SoundState[]; ms: number }> {
    return this.rpc.call('sound', { fresh }, { onEvent: (e) => onProgress(e.done, e.total) });
  }

  soundFeatures(videos: IndexVideo[], onProgress: (done: number, total: number) => void): Promise<{ states: SoundState[]; dim: number; ms: number }> {
    return this.rpc.call('soundFeatures', { videos }, { onEvent: (e) => onProgress(e.done, e.total) });
  }

  soundKnn(row: number, k: number): Promise<{ hits: Hit[]; ms: number }> {
    return this.rpc.call('soundKnn', { row, k });
  }

  bench(req: BenchRequest): Promise<BenchResult> {
    return this.rpc.call('bench', req);
  }

  /** Ends the worker (a later call starts a fresh one). */
  dispose(): void {
    this.rpc.terminate();
  }
}
