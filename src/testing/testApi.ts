// The test API on window (the tldraw way), reached from Playwright through
// page.evaluate: tests check stored data without scraping pixels. Only the
// test build (`vite build --mode e2e`) imports this module (ui/App.svelte);
// e2e/testApi.ts wraps its type into one fixture for specs and benchmarks.
import { lookId } from '../core/ids';
import type { Library } from '../state/library.svelte';
import type { Settings } from '../state/settings.svelte';
import type { Features } from '../state/features.svelte';
import type { Projection } from '../state/projection.svelte';
import type { Atlas } from '../state/atlas.svelte';
import type { Poster } from '../state/poster.svelte';
import type { Search } from '../state/search.svelte';
import type { Clusters } from '../state/clusters.svelte';
import type { Detections } from '../state/detections.svelte';
import type { ObjectSearch } from '../state/objectSearch.svelte';
import type { People } from '../state/people.svelte';
import { SearchClient, type SearchBenchRequest, type SearchBenchResult } from '../stages/search';
import { worldToScreen, type ViewState } from '../stages/map';
import { FeaturesClient, windowSpans, type Backend } from '../stages/features';
import { ProjectionClient, type BenchRequest, type BenchResult } from '../stages/projection';
import type { SamplingParams } from '../stages/ingest';
import { frameMime, sampleArgs } from '../stages/ingest';
import { featureCount, FrameReader, storedVideoIds } from '../storage';
import { FACE_STRIDE } from '../storage/detectionRecords';
import { seedSyntheticProject, type SyntheticRequest } from './syntheticProject';

/** The app's state objects, as ui/App.svelte creates them. */
export interface AppParts {
  library: Library;
  settings: Settings;
  features: Features;
  projection: Projection;
  atlas: Atlas;
  poster: Poster;
  search: Search;
  clusters: Clusters;
  detections: Detections;
  objects: ObjectSearch;
  people: People;
}

export interface FrameInfo {
  width: number;
  height: number;
  time: number;
  bytes: number;
}

export interface MapCell {
  cx: number;
  cy: number;
  row: number;
  video: string;
  frame: number;
}

export interface MapState {
  frames: number;
  zoom: number;
  level: number;
  maxLevel: number;
  mode: string;
  tiles: number;
  /** cell size in world units at the current level */
  cellW: number;
  cellH: number;
  width: number;
  height: number;
  view: ViewState | null;
  /** thumbnails drawn in view: one per cell */
  cells: MapCell[];
  /** cells of the current level that hold a frame, in view or not */
  occupied: number;
  /** the grid's cell width at its level's zoom, px, and whether the map chose it */
  cellPx: number;
  cellAuto: boolean;
  /** videos whose paths are drawn */
  paths: string[];
  /** tiles still being drawn */
  pending: number;
  /** screen px of the map covered by panels (library drawer, search sheet, frame strip): the first view fits the rest */
  insets: { left: number; right: number; bottom: number };
  /** the view was moved by the user or restored (it no longer fits itself to new frames or panels) */
  touched: boolean;
}

/** Moves the view one step per animation frame and reports how long the frames took (ms). */
async function animateView(atlas: Atlas, kind: 'pan' | 'zoom' | 'idle', frames: number): Promise<number[]> {
  const start = atlas.view!;
  const times: number[] = [];
  let last = await new Promise<number>((r) => requestAnimationFrame(r));
  for (let f = 1; f <= frames; f++) {
    const u = f / frames;
    if (kind === 'pan') {
      // Across half the view and back, as a drag would.
      const dx = (Math.sin(u * 2 * Math.PI) * atlas.width) / 2 / 2 ** start.zoom;
      atlas.setView({ target: [start.target[0] + dx, start.target[1]], zoom: start.zoom });
    } else if (kind === 'zoom') atlas.setView({ target: start.target, zoom: start.zoom + 3 * Math.sin(u * Math.PI) });
    const now = await new Promise<number>((r) => requestAnimationFrame(r));
    times.push(now - last);
    last = now;
  }
  return times;
}

export interface PosterCells {
  columns: number;
  rows: number;
  width: number;
  height: number;
  /** per cell, row-major: the frame it shows, or null */
  cells: ({ video: string; frame: number } | null)[];
}

/** Runs a benchmark in a worker of its own, so the app's workers and their state stay as they were. */
async function inOwnWorker<C extends { dispose(): void }, R>(client: C, run: (c: C) => Promise<R>): Promise<R> {
  try {
    return await run(client);
  } finally {
    client.dispose();
  }
}

function createTestApi({ library, settings, features, projection, atlas, poster, search, detections }: AppParts) {
  // One features worker of its own for every embedFrames call: a fresh one per call would time loading the model.
  let embedder: FeaturesClient | null = null;
  const byName = (name: string) => {
    const v = library.videos.find((x) => x.name === name);
    if (!v) throw new Error(`no video named ${name}`);
    return v;
  };
  const api = {
    videos: () => structuredClone(library.videos),
    setParams: (p: SamplingParams) => settings.save(p),
    /** Waits until every setting changed so far is stored (a reload at once could otherwise lose the last one). */
    settingsWritten: () => settings.written(),
    /** Decodes started since the page loaded (user-timing marks set by the library). */
    ingestRuns: () => performance.getEntriesByName('ingest-run').length,
    featureRuns: () => performance.getEntriesByName('features-run').length,
    /** PCA and layout methods on synthetic features (npm run bench:projection). */
    benchProjection: (req: BenchRequest): Promise<BenchResult> => inOwnWorker(new ProjectionClient(), (c) => c.bench(req, () => undefined)),
    /** The current layout: its description and x, y per frame. */
    layout: () => (projection.meta && projection.coords ? { meta: structuredClone(projection.meta), coords: Array.from(projection.coords) } : null),
    featureState: () => ({ model: features.model, backend: features.backend, gpu: features.gpu, counts: features.counts, errors: features.errors, notice: features.notice }),
    /** Stored feature vectors (current model, or the one named) as plain arrays. */
    async features(name: string, model?: string): Promise<{ count: number; dim: number; data: number[] }> {
      const { count, data } = await features.read(byName(name), model);
      return { count, dim: count ? data.length / count : 0, data: Array.from(data) };
    },
    /** The current clip model's windows over a video's frames, with their time spans. */
    async clipWindows(name: string) {
      const frames = features.spec?.imageDescriptor?.frames;
      if (!frames) throw new Error('the current model is no video clip model');
      const v = byName(name);
      const r = await FrameReader.open(v.id, frameMime(v.params));
      return windowSpans(Array.from({ length: r.count }, (_, i) => r.time(i)), frames);
    },
    /** Rows stored in a video's feature file of a model, whether or not the model is still listed. */
    storedFeatureRows: (name: string, model: string, dim: number) => featureCount(byName(name).id, model, dim),
    /** Frame vectors computed now on a backend (not stored); `float` runs the float graph on WebAssembly too. */
    async embedFrames(name: string, indices: number[], backend: Backend, float = false): Promise<number[][]> {
      const v = byName(name);
      const spec = features.spec;
      if (!spec) throw new Error('no feature model chosen yet');
      const model = { ...features.modelRef(spec), ...(float ? { cpuUrl: undefined } : {}) };
      const req = { videoId: v.id, mime: frameMime(v.params), model, backend, indices };
      const { vectors } = await (embedder ??= new FeaturesClient()).embed(req);
      return vectors.map((x) => Array.from(x));
    },
    /** kNN and clip-search latency on a synthetic index (npm run bench:search). */
    benchSearch: (req: SearchBenchRequest): Promise<SearchBenchResult> => inOwnWorker(new SearchClient(), (c) => c.bench(req)),
    /** What the map shows now: view, level and the frame each drawn cell holds. */
    mapState(): MapState | null {
      const d = atlas.data;
      if (!d) return null;
      const l = d.levels.level(atlas.level);
      const cells = atlas.drawnInView().map((c) => {
        const f = atlas.frame(c.row)!;
        return { cx: c.cx, cy: c.cy, row: c.row, video: f.name, frame: f.frame };
      });
      return {
        frames: d.frames, zoom: atlas.view?.zoom ?? NaN, level: atlas.level, maxLevel: d.maxLevel, mode: atlas.mode, tiles: atlas.tilesDrawn,
        cellW: l.w, cellH: l.h, width: atlas.width, height: atlas.height, view: atlas.view, cells, occupied: l.cells.size,
        cellPx: atlas.cellPx, cellAuto: atlas.cellAuto,
        paths: atlas.selection.pathVideos.map((k) => d.videos[k]!.name),
        pending: atlas.tilesPending,
        insets: { ...atlas.insets },
        touched: atlas.viewTouched,
      };
    },
    /** World coordinates (x, y pairs, y down) of every layout row, as the map places them. */
    mapPoints: () => (atlas.data ? Array.from(atlas.data.world) : []),
    /** The search index's k nearest frames to a layout row (the inspector's similar frames), as rows. */
    /** Opens a video's stored frame in the inspector (as a click on it would), by video name and frame index. */
    inspectFrame(name: string, frame: number): boolean {
      const d = atlas.data;
      const k = d?.videos.findIndex((v) => v.name === name && v.record) ?? -1;
      const f = d && k >= 0 ? atlas.frame(d.rows.starts[k]! + frame) : null;
      if (!f) return false;
      search.show(f);
      return true;
    },
    /** Where object and face detection stands (npm run bench:objects). */
    detectStatus: () => ({ state: detections.state, ...detections.totals, rate: detections.rate, seconds: detections.seconds, resumedFrames: detections.resumedFrames, lookedFrames: detections.lookedFrames, backend: detections.backend?.backend ?? null, settings: { ...detections.settings } }),
    /** A video's stored detections (frames looked at; objects: frame, class, score; faces: frame, score, box). */
    detections(name: string, descriptors = false): { looked: { objects: number; faces: number }; objects: [number, number, number][]; faces: { frame: number; score: number; box: number[]; descriptor?: number[] }[] } | null {
      const v = library.videos.find((x) => x.name === name);
      if (!v) return null;
      const o = detections.objects.get(v.id), f = detections.faces.get(v.id);
      return {
        looked: { objects: o?.done ?? 0, faces: f?.done ?? 0 },
        objects: o ? Array.from(o.frame, (frame, k) => [frame, o.items[k * 6]!, o.items[k * 6 + 1]!] as [number, number, number]) : [],
        faces: f
          ? Array.from(f.frame, (frame, k) => ({
            frame, score: f.items[k * FACE_STRIDE]!, box: Array.from(f.items.subarray(k * FACE_STRIDE + 1, k * FACE_STRIDE + 5)),
            ...(descriptors ? { descriptor: Array.from(f.items.subarray(k * FACE_STRIDE + 5, (k + 1) * FACE_STRIDE)) } : {}),
          }))
          : [],
      };
    },
    similarRows: async (row: number, k: number) => (await search.neighbours(atlas.frame(row)!, k)).map((r) => r.frame.row),
    mapSetView: (v: ViewState) => atlas.setView(v),
    mapSetMode: (m: 'tiles' | 'points') => atlas.setMode(m),
    /** Frame times (ms) of a scripted pan or zoom (npm run bench:map). */
    mapAnimate: (kind: 'pan' | 'zoom' | 'idle', frames: number) => animateView(atlas, kind, frames),
    /** The poster dialog's current plan: which frame each tile shows. */
    posterPlan(): PosterCells | null {
      const p = poster.plan;
      if (!p) return null;
      return { columns: p.columns, rows: p.rows, width: p.width, height: p.height, cells: Array.from(p.cells, (r) => (r < 0 ? null : { video: atlas.frame(r)!.name, frame: atlas.frame(r)!.frame })) };
    },
    /** A stored frame filling w × h (scaled to cover, centred crop) as RGB bytes: what a poster tile should look like. */
    async frameRgb(name: string, i: number, w: number, h: number): Promise<number[]> {
      const v = byName(name);
      const r = await FrameReader.open(v.id, frameMime(v.params));
      const bmp = await createImageBitmap(r.blob(i));
      const ctx = new OffscreenCanvas(w, h).getContext('2d')!;
      const scale = Math.max(w / bmp.width, h / bmp.height);
      ctx.drawImage(bmp, (w - bmp.width * scale) / 2, (h - bmp.height * scale) / 2, bmp.width * scale, bmp.height * scale);
      bmp.close();
      const d = ctx.getImageData(0, 0, w, h).data;
      return Array.from({ length: w * h * 3 }, (_, k) => d[Math.floor(k / 3) * 4 + (k % 3)]!);
    },
    /** Writes a synthetic project (frames, records, layout) for the map benchmark; features are paused. Reload to open it. */
    async seedSynthetic(req: Omit<SyntheticRequest, 'model'>) {
      await features.setPaused(true);
      const model = features.model?.value;
      if (!model) throw new Error('no feature model chosen yet');
      return seedSyntheticProject({ ...req, model });
    },
    mapReset: () => atlas.resetView(),
    /** Where on the map element (px) a world point is drawn now. */
    mapToScreen(x: number, y: number): [number, number] | null {
      return atlas.view ? worldToScreen(atlas.view, atlas.width, atlas.height, x, y) : null;
    },
    /** The ffmpeg command line ingest runs with the current settings (benchmarks replay it natively). */
    sampleArgs: (inputPath: string, threads: number) => sampleArgs(inputPath, settings.snapshot(), threads),
    engine: () => library.engine,
    /** Video ids that have a directory in OPFS (to prove removal deletes frames). */
    storedIds: () => storedVideoIds(),
    /** Times of a video's first-look frames (empty once its own frames replaced them on the map). */
    async lookTimes(name: string): Promise<number[]> {
      const v = byName(name);
      const r = await FrameReader.open(lookId(v.id), frameMime(v.params));
      return Array.from({ length: r.count }, (_, i) => r.time(i));
    },
    /** Mean distance frames moved at the last automatic retrain, after alignment (layout units), and the phase now. */
    pipeline: () => ({ ...projection.pipeline, lastShift: projection.lastShift }),
    /** Times of all stored frames of a video, read from the OPFS index. */
    async frameTimes(name: string): Promise<number[]> {
      const v = byName(name);
      const r = await FrameReader.open(v.id, frameMime(v.params));
      return Array.from({ length: r.count }, (_, i) => r.time(i));
    },
    /** Stored frame i exactly as stored (WebP/JPEG bytes), base64: compared with native ffmpeg's frame in e2e; `look`: of its first look. */
    async frameBytes(name: string, i: number, look = false): Promise<string> {
      const v = byName(name);
      const r = await FrameReader.open(look ? lookId(v.id) : v.id, frameMime(v.params));
      const bytes = new Uint8Array(await r.blob(i).arrayBuffer());
      let bin = '';
      for (let k = 0; k < bytes.length; k += 0x8000) bin += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
      return btoa(bin);
    },
    /** Decodes stored frame i to report its real size. */
    async frameInfo(name: string, i: number): Promise<FrameInfo> {
      const v = byName(name);
      const r = await FrameReader.open(v.id, frameMime(v.params));
      const blob = r.blob(i);
      const bmp = await createImageBitmap(blob);
      const info = { width: bmp.width, height: bmp.height, time: r.time(i), bytes: blob.size };
      bmp.close();
      return info;
    },
  };
  return api;
}

export type TestApi = ReturnType<typeof createTestApi>;

export function installTestApi(app: AppParts): void {
  Object.assign(window, { __frameAtlas: createTestApi(app) });
}
