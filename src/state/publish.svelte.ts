// Publishing a static atlas (docs/PUBLISH.md): the map as it is now, drawn
// into a tile pyramid by map workers of its own, with the viewer, the layout,
// frame times, hover images and the search index, written as one ZIP into an
// OPFS export file by publish.worker and offered as an ordinary download.
import { offerDownload } from '../core/download';
import { AppError, isAbort, AbortedError } from '../core/errors';
import { encodeHalfs } from '../core/float16';
import { formatBytes } from '../core/format';
import { lookOwner, type VideoId } from '../core/ids';
import { frameMime } from '../stages/ingest';
import { TILE_PX, TilesClient, type Encoding } from '../stages/map';
import {
  ATLAS_JSON, COORDS_FILE, framePath, INDEX_FILE, planPublish, PublishClient, PUBLISHED_FORMAT, PUBLISHED_VERSION, tileCells, tilePath, TIMES_FILE,
  type PublishedAtlas, type PublishOptions,
} from '../stages/share';
import { loadSetting, newExportFile, removeExportFile, saveSetting } from '../storage';
import type { Atlas } from './atlas.svelte';
import type { Projection } from './projection.svelte';
import type { Search } from './search.svelte';
import type { Share } from './share.svelte';

export type PublishState = 'idle' | 'running' | 'done' | 'error';

export interface PublishProgress {
  phase: 'viewer' | 'tiles' | 'frames' | 'finishing';
  done: number;
  total: number;
}

export const DEFAULT_PUBLISH: PublishOptions = { videos: 'shown', cellPx: 160, maxZoom: null, frameHeight: 120, index: true };
export const FRAME_HEIGHTS = [0, 120, 240];
const BACKGROUND = '#0b0d10';
const WEBP: Encoding = { type: 'image/webp', quality: 0.82 };
/** tiles or frames drawn at once: the map workers decode while the zip worker writes */
const IN_FLIGHT = 6;
/** map workers drawing: one per core but one (the zip worker and the page need little), two to four */
const DRAWERS = Math.min(4, Math.max(2, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1));
/** consecutive jobs go to the same drawer: neighbouring tiles share frames, which it keeps decoded */
const RUN = 16;

/** Runs `each(i)` for i < count, `n` at a time, in order of start; stops at the first failure. */
async function inPool(count: number, n: number, each: (i: number) => Promise<void>, signal: AbortSignal): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      if (signal.aborted) throw new AbortedError();
      await each(next++);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, count) }, lane));
}

export class Publish {
  state = $state<PublishState>('idle');
  message = $state('');
  progress = $state.raw<PublishProgress | null>(null);
  options = $state<PublishOptions>({ ...DEFAULT_PUBLISH });
  private abort: AbortController | null = null;

  constructor(
    private readonly atlas: Atlas,
    private readonly projection: Projection,
    private readonly search: Search,
    private readonly share: Share,
  ) {
    void loadSetting<Partial<PublishOptions>>('publish').then((o) => o && (this.options = { ...DEFAULT_PUBLISH, ...o }));
  }

  setOptions(change: Partial<PublishOptions>): void {
    this.options = { ...this.options, ...change };
    saveSetting('publish', $state.snapshot(this.options)).catch((e: unknown) => console.warn('publish options not saved:', e));
  }

  /** Why the atlas cannot be published now, or null. */
  get blocker(): string | null {
    if (!this.atlas.data || !this.projection.coords) return 'There is no map to publish yet.';
    if (this.projection.meta?.videos.some((v) => lookOwner(v.id))) return 'The map is still being completed from the first look: publish once it is complete.';
    return this.share.blocker;
  }

  cancel(): void {
    this.abort?.abort();
  }

  async publish(): Promise<void> {
    if (this.state === 'running') return;
    const why = this.blocker;
    if (why) return this.fail(why);
    this.state = 'running';
    this.message = '';
    this.progress = null;
    const abort = (this.abort = new AbortController());
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a file name, not state
    const name = `frame-atlas-published-${new Date().toISOString().slice(0, 10)}.zip`;
    const zip = new PublishClient();
    const tiles = Array.from({ length: DRAWERS }, () => new TilesClient());
    try {
      const t0 = performance.now();
      const file = await newExportFile(name);
      const r = await this.write(file, zip, tiles, abort.signal);
      offerDownload(name, await file.getFile());
      const s = (performance.now() - t0) / 1000;
      this.message = `Published ${r.videos} video${r.videos === 1 ? '' : 's'} (${r.frames.toLocaleString('en')} frames, ${r.tiles.toLocaleString('en')} tiles) as ${name}: ${formatBytes(r.bytes)} in ${s.toFixed(1)} s. Unzip it on any web server.`;
      this.state = 'done';
    } catch (e) {
      await removeExportFile(name);
      if (isAbort(e)) {
        this.state = 'idle';
        this.message = 'Cancelled: nothing was published.';
      } else this.fail(AppError.from(e, 'share').message);
    } finally {
      zip.dispose();
      for (const t of tiles) t.dispose();
      this.abort = null;
      this.progress = null;
    }
  }

  private async write(file: FileSystemFileHandle, zip: PublishClient, drawers: TilesClient[], signal: AbortSignal) {
    const d = this.atlas.data!, o = $state.snapshot(this.options) as PublishOptions;
    const plan = planPublish(d, this.projection.coords!, o);
    if (!plan) throw new AppError('no-index', 'share', 'No video to publish: the map shows none. Show some in the legend, or publish all videos.');
    const ids = plan.sources.map((k) => d.videos[k]!.id);
    const rows = plan.layoutRows.length;
    const frameWork = o.frameHeight ? rows : 0;
    const total = plan.tiles + frameWork;
    let done = 0;
    const step = (phase: PublishProgress['phase']) => (this.progress = { phase, done: ++done, total });
    this.progress = { phase: 'viewer', done: 0, total };

    // What the viewer reads first: its own files, the description, coordinates, times, the index.
    await zip.begin(file);
    const viewer = await fetch('viewer/files.json');
    if (!viewer.ok) throw new AppError('internal', 'share', 'The viewer is missing from this build (viewer/files.json): run `npm run build` again.');
    for (const f of (await viewer.json()) as string[]) {
      const res = await fetch(`viewer/${f}`);
      if (!res.ok) throw new AppError('internal', 'share', `The viewer file ${f} is missing from this build.`);
      await zip.add(f, await res.blob());
    }
    const times = new Float32Array(rows);
    let at = 0;
    for (const k of plan.sources) {
      const reader = await this.atlas.reader(d.videos[k]!.id);
      for (let i = 0; i < d.rows.count(k); i++) times[at++] = reader.time(i);
    }
    let index: PublishedAtlas['index'] = null;
    if (o.index) {
      const got = await this.search.unitRows(plan.layoutRows.slice());
      // A layout without PCA features (nothing to search) publishes without an index.
      if (got.dim) {
        index = { dim: got.dim };
        await zip.add(INDEX_FILE, new Blob([encodeHalfs(got.values) as Uint16Array<ArrayBuffer>]));
      }
    }
    const description: PublishedAtlas = {
      format: PUBLISHED_FORMAT, version: PUBLISHED_VERSION, title: `Frame Atlas: ${plan.videos.length} video${plan.videos.length === 1 ? '' : 's'}`, createdAt: Date.now(),
      frames: rows, cellPx: o.cellPx, tilePx: TILE_PX, background: BACKGROUND, levels: plan.levels, videos: plan.videos, index,
      frameImages: o.frameHeight ? { height: o.frameHeight } : null,
    };
    await zip.add(ATLAS_JSON, new Blob([JSON.stringify(description)], { type: 'application/json' }));
    await zip.add(COORDS_FILE, new Blob([plan.coords]));
    await zip.add(TIMES_FILE, new Blob([times]));

    // The tile pyramid, level by level, from the stored frames.
    const sources = { videos: plan.sources.map((k) => ({ id: d.videos[k]!.id, mime: frameMime(d.videos[k]!.record?.params) })), cacheKey: '' };
    await Promise.all(drawers.map((t) => t.sources(sources)));
    const drawer = (j: number) => drawers[Math.floor(j / RUN) % drawers.length]!;
    const jobs = plan.levels.flatMap(({ z, tiles: xy }) => Array.from({ length: xy.length / 2 }, (_, i) => ({ z, x: xy[2 * i]!, y: xy[2 * i + 1]! })));
    const rowsOf = plan.map.rows;
    await inPool(jobs.length, IN_FLIGHT, async (j) => {
      const { z, x, y } = jobs[j]!;
      const draws = tileCells(plan.map.levels.level(z), z, x, y, TILE_PX).map((c) => {
        const { video, frame } = rowsOf.at(c.index);
        return { video: ids[video]!, frame, x: c.x, y: c.y, w: c.w, h: c.h };
      });
      const blob = await drawer(j).tileImage({ z, x, y, size: TILE_PX, background: BACKGROUND, draws, ...WEBP }, signal);
      await zip.add(tilePath(z, x, y), blob);
      step('tiles');
    }, signal);

    // Hover images, one file a frame.
    if (o.frameHeight) {
      await inPool(rows, IN_FLIGHT, async (r) => {
        const { video, frame } = rowsOf.at(r);
        const blob = await drawer(r).frameImage(ids[video]! as VideoId, frame, o.frameHeight, WEBP, signal);
        await zip.add(framePath(video, frame), blob);
        step('frames');
      }, signal);
    }
    this.progress = { phase: 'finishing', done, total };
    const end = await zip.end();
    return { videos: plan.videos.length, frames: rows, tiles: plan.tiles, bytes: end.bytes };
  }

  private fail(message: string): void {
    this.state = 'error';
    this.message = message;
  }
}
