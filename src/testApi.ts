// A typed test API on window, reached from Playwright through page.evaluate
// (the tldraw way): tests check stored data without scraping pixels.
import type { Library } from './state/library.svelte';
import type { Settings } from './state/settings.svelte';
import type { Features } from './state/features.svelte';
import type { Projection } from './state/projection.svelte';
import type { Backend } from './stages/features';
import type { BenchRequest } from './stages/projection';
import type { SamplingParams } from './stages/ingest';
import { MIME, sampleArgs } from './stages/ingest';
import { FrameReader, storedVideoIds } from './storage';

export interface FrameInfo {
  width: number;
  height: number;
  time: number;
  bytes: number;
}

function installTestApi(library: Library, settings: Settings, features: Features, projection: Projection): void {
  const byName = (name: string) => {
    const v = library.videos.find((x) => x.name === name);
    if (!v) throw new Error(`no video named ${name}`);
    return v;
  };
  const api = {
    videos: () => structuredClone(library.videos),
    setParams: (p: SamplingParams) => settings.save(p),
    ingestRuns: () => library.runsStarted,
    featureRuns: () => features.runsStarted,
    benchProjection: (req: BenchRequest) => projection.bench(req),
    /** The current layout: its description and x, y per frame. */
    layout: () => (projection.meta && projection.coords ? { meta: structuredClone(projection.meta), coords: Array.from(projection.coords) } : null),
    featureState: () => ({ model: features.model, backend: features.backend, gpu: features.gpu, counts: features.counts, errors: features.errors, notice: features.notice }),
    /** Stored feature vectors (current model, or the one named) as plain arrays. */
    async features(name: string, model?: string): Promise<{ count: number; dim: number; data: number[] }> {
      const { count, data } = await features.read(byName(name), model);
      return { count, dim: count ? data.length / count : 0, data: Array.from(data) };
    },
    /** Frame vectors computed now on a backend (not stored). */
    async embedFrames(name: string, indices: number[], backend: Backend): Promise<number[][]> {
      return (await features.embed(byName(name), indices, backend)).map((v) => Array.from(v));
    },
    /** The ffmpeg command line ingest runs with the current settings (benchmarks replay it natively). */
    sampleArgs: (inputPath: string, threads: number) => sampleArgs(inputPath, settings.snapshot(), threads),
    engine: () => library.engine,
    /** Video ids that have a directory in OPFS (to prove removal deletes frames). */
    storedIds: () => storedVideoIds(),
    /** Times of all stored frames of a video, read from the OPFS index. */
    async frameTimes(name: string): Promise<number[]> {
      const v = byName(name);
      const r = await FrameReader.open(v.id, MIME[v.params.format]);
      return Array.from({ length: r.count }, (_, i) => r.time(i));
    },
    /** Decodes stored frame i to report its real size. */
    async frameInfo(name: string, i: number): Promise<FrameInfo> {
      const v = byName(name);
      const r = await FrameReader.open(v.id, MIME[v.params.format]);
      const blob = r.blob(i);
      const bmp = await createImageBitmap(blob);
      const info = { width: bmp.width, height: bmp.height, time: r.time(i), bytes: blob.size };
      bmp.close();
      return info;
    },
  };
  (window as unknown as { __frameAtlas: typeof api }).__frameAtlas = api;
}

export { installTestApi };
