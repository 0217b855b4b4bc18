// The map as the UI sees it: the current layout in world units, its grid
// levels (which frame each thumbnail cell shows), the view, the drawing mode,
// video paths, hover, the inspected frame and a region selection. Tiles are
// drawn by the tiles worker from cells chosen here; what was drawn is recorded
// so tests can check that no frame appears twice at one level.
import { untrack } from 'svelte';
import type { VideoId } from '../core/ids';
import { MIME } from '../stages/ingest';
import {
  boundsOf, farthestSet, fitView, FrameRows, LevelCache, levelAt, pathDistances, PointIndex, pointsInside, screenToWorld, TilesClient,
  TILE_PX, toWorld, videoColor, viewBounds, type Bounds, type Polygon, type TileDraw, type ViewState,
} from '../stages/map';
import { cellKey, cellsIn } from '../stages/grid';
import { cosineTopK, normalizeRows, row as vectorRow, type Neighbour } from '../stages/search';
import { FrameReaderCache, loadSetting, saveSetting, type FrameReader } from '../storage';
import type { LayoutVideo } from '../stages/projection';
import type { Features } from './features.svelte';
import type { Library } from './library.svelte';
import type { Projection } from './projection.svelte';
import type { VideoRecord } from './videoRecord';

export type MapMode = 'tiles' | 'points';
export type MapTool = 'pan' | 'box' | 'lasso';

/** A frame of the layout: its row and where it comes from. */
export interface MapFrame {
  row: number;
  /** index into the layout's videos */
  video: number;
  frame: number;
  id: VideoId;
  name: string;
}

export interface DrawnCell {
  cx: number;
  cy: number;
  row: number;
}

interface SavedAtlas {
  mode: MapMode;
  cellPx: number;
  paths: VideoId[];
  view: ViewState | null;
  /** the layout the view belongs to */
  layoutKey: string | null;
}

export const CELL_SIZES = [96, 128, 160, 224, 320];
const BACKGROUND = '#0b0d10';
/** dot radius in points mode, screen px */
export const DOT_PX = 2.5;

export class Atlas {
  mode = $state<MapMode>('tiles');
  tool = $state<MapTool>('pan');
  cellPx = $state(160);
  view = $state.raw<ViewState | null>(null);
  width = $state(800);
  height = $state(600);
  paths = $state.raw<VideoId[]>([]);
  hover = $state.raw<(MapFrame & { x: number; y: number }) | null>(null);
  inspected = $state.raw<MapFrame | null>(null);
  region = $state.raw<{ polygon: Polygon; rows: number[] } | null>(null);
  /** layout video indices chosen as most dissimilar */
  dissimilar = $state.raw<number[] | null>(null);
  /** thumbnails drawn in the view at its level (data-tiles) */
  tilesDrawn = $state(0);
  tileErrors = $state(0);
  /** tiles being drawn by the worker now */
  tilesPending = $state(0);

  /**
   * What the map needs of the library's records, as a string: the records change many times a second while a video
   * decodes, and the map must rebuild only when a layout video appears, goes or changes format or size.
   */
  private readonly recordsKey = $derived.by(() => {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
    const byId = new Map(this.library.videos.map((r) => [r.id, r]));
    return (this.projection.meta?.videos ?? []).map((v) => {
      const r = byId.get(v.id);
      return r ? `${r.params.format}:${r.thumbWidth}x${r.thumbHeight}` : '-';
    }).join('|');
  });
  /** Everything that follows from the layout and the library, rebuilt when either changes. */
  readonly data = $derived.by(() => {
    void this.recordsKey;
    return this.build(this.projection.meta?.videos ?? [], this.projection.coords, untrack(() => this.library.videos), this.cellPx);
  });
  /** points bucketed for points-mode tiles and hover (built on first use) */
  private pointIndex: { for: unknown; index: PointIndex } | null = null;
  readonly level = $derived(this.view && this.data ? levelAt(this.view.zoom, this.data.maxLevel) : 0);
  readonly pathVideos = $derived(this.data ? this.paths.map((id) => this.data!.videos.findIndex((v) => v.id === id)).filter((k) => k >= 0) : []);

  /** feature values held in memory for the inspector's neighbours (256 MB); larger projects are read per query */
  featureCacheFloats = 64_000_000;

  private readonly tiles = new TilesClient();
  // Plain maps on purpose: bookkeeping that the UI reads through tilesDrawn, not state.
  /** cells each loaded tile drew, by "x,y,z" */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly tileCells = new Map<string, DrawnCell[]>();
  private readonly readers = new FrameReaderCache();
  private features: { model: string; dim: number; rows: Float32Array } | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private restored: SavedAtlas | null = null;

  constructor(
    private readonly library: Library,
    private readonly projection: Projection,
    private readonly featureState: Features,
  ) {}

  async load(): Promise<void> {
    const s = await loadSetting<SavedAtlas>('atlas');
    if (!s) return;
    this.restored = s;
    this.mode = s.mode === 'points' ? 'points' : 'tiles';
    if (CELL_SIZES.includes(s.cellPx)) this.cellPx = s.cellPx;
    this.paths = s.paths ?? [];
  }

  /** Identifies the layout the map shows; a new one (retrain, rotate) starts from a fitted view. */
  get layoutKey(): string | null {
    const m = this.projection.meta;
    return m ? `${m.name}:${m.createdAt}:${m.stretch?.angle ?? 0}:${m.frames}` : null;
  }

  private build(layoutVideos: LayoutVideo[], coords: Float32Array | null, records: VideoRecord[], cellPx: number) {
    if (!coords || !layoutVideos.length) return null;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
    const byId = new Map(records.map((r) => [r.id, r]));
    const videos = layoutVideos.map((v) => ({ ...v, record: byId.get(v.id) ?? null }));
    const rows = new FrameRows(videos.map((v) => v.frames));
    if (rows.total * 2 !== coords.length) return null;
    // Frames of videos removed since training stay out of the map.
    const present = Uint8Array.from(videos, (v) => (v.record ? 1 : 0));
    const frames = videos.reduce((s, v, k) => s + (present[k] ? v.frames : 0), 0);
    if (!frames) return null; // e.g. the library is still loading, or every video was removed
    const videoOfRow = new Uint32Array(rows.total);
    videos.forEach((_, k) => videoOfRow.fill(k, rows.starts[k]!, rows.starts[k + 1]!));
    const include = (i: number) => present[videoOfRow[i]!] === 1;
    const world = toWorld(coords);
    const shown = videos.filter((v) => v.record?.thumbWidth && v.record.thumbHeight);
    const aspect = shown.length ? median(shown.map((v) => v.record!.thumbWidth! / v.record!.thumbHeight!)) : 16 / 9;
    const levels = new LevelCache(world, cellPx, aspect, include);

    const colors = new Uint8Array(rows.total * 4);
    videos.forEach((_, k) => {
      const [r, g, b] = videoColor(k);
      for (let i = rows.starts[k]!; i < rows.starts[k + 1]!; i++) colors.set([r, g, b, present[k] ? 220 : 0], 4 * i);
    });
    // Not state: the worker's readers and the record of drawn tiles belong to this layout only.
    this.readers.clear();
    const size = tileSize();
    const cacheKey = hashKey(`${this.layoutKey}|${cellPx}|${aspect}|${size}|${present.join('')}`);
    void this.tiles.sources({ videos: videos.filter((v) => v.record).map((v) => ({ id: v.id, mime: MIME[v.record!.params.format] })), cacheKey });
    this.tileCells.clear();
    const bounds = boundsOf(world, include);
    const extent = bounds ? Math.max(bounds.x1 - bounds.x0, bounds.y1 - bounds.y0) : 1;
    const maxLevel = levels.maxLevel(frames, extent);
    performance.mark('atlas-built');
    return { videos, rows, world, include, videoOfRow, levels, maxLevel, bounds, aspect, frames, colors };
  }

  /** Shows the saved view of this layout, else the whole layout. */
  showInitialView(): boolean {
    const d = this.data;
    if (!d?.bounds) return false;
    const saved = this.restored?.view && this.restored.layoutKey === this.layoutKey ? this.restored.view : null;
    this.setView(saved ?? fitView(d.bounds, this.width, this.height), !!saved);
    return true;
  }

  resetView(): void {
    if (this.data?.bounds) this.setView(fitView(this.data.bounds, this.width, this.height), false);
  }

  /** the view was moved by the user (or restored), so a resize keeps it rather than fitting again */
  private touched = false;

  /** The map element changed size: keep the user's view, or fit the layout again. */
  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    if (!this.touched && this.view) this.resetView();
    else this.updateDrawn();
  }

  setView(v: ViewState, byUser = true): void {
    this.touched = byUser;
    this.view = { target: [v.target[0], v.target[1]], zoom: v.zoom };
    this.updateDrawn();
    this.persist();
  }

  setMode(m: MapMode): void {
    this.mode = m;
    this.updateDrawn();
    this.persist();
  }

  setCellPx(px: number): void {
    this.cellPx = px;
    this.persist();
  }

  togglePath(id: VideoId): void {
    this.paths = this.paths.includes(id) ? this.paths.filter((p) => p !== id) : [...this.paths, id];
    this.persist();
  }

  clearPaths(): void {
    this.paths = [];
    this.dissimilar = null;
    this.persist();
  }

  frame(row: number): MapFrame | null {
    const d = this.data;
    if (!d || row < 0 || row >= d.rows.total || !d.include(row)) return null;
    const { video, frame } = d.rows.at(row);
    const v = d.videos[video]!;
    return { row, video, frame, id: v.id, name: v.name };
  }

  /** The frame whose thumbnail is under a world point at the current level (tiles mode). */
  frameAtWorld(x: number, y: number): MapFrame | null {
    const d = this.data;
    if (!d) return null;
    const l = d.levels.level(this.level);
    const row = l.cells.get(cellKey(Math.floor(x / l.w), Math.floor(y / l.h)));
    return row === undefined ? null : this.frame(row);
  }

  private points(): PointIndex {
    const d = this.data!;
    if (this.pointIndex?.for !== d) {
      const extent = d.bounds ? Math.max(d.bounds.x1 - d.bounds.x0, d.bounds.y1 - d.bounds.y0) : 1;
      this.pointIndex = { for: d, index: new PointIndex(d.world, extent / 128, d.include) };
    }
    return this.pointIndex.index;
  }

  /** The frame drawn as a dot near a world point (points mode), within `px` screen px. */
  frameNearWorld(x: number, y: number, px = 6): MapFrame | null {
    if (!this.data || !this.view) return null;
    const row = this.points().nearest(x, y, px / 2 ** this.view.zoom);
    return row < 0 ? null : this.frame(row);
  }

  /** Draws one tile of the points mode: every frame in it as a dot coloured by video. */
  async renderDots(index: { x: number; y: number; z: number }, bbox: { left: number; top: number; right: number; bottom: number }, signal?: AbortSignal): Promise<ImageBitmap> {
    const d = this.data;
    if (!d) throw new Error('no layout');
    const size = tileSize();
    const s = size / (bbox.right - bbox.left);
    const pad = (DOT_PX + 1) / s;
    const rows = this.points().query(bbox.left - pad, bbox.top - pad, bbox.right + pad, bbox.bottom + pad);
    const points = new Float32Array(rows.length * 2);
    const colours: string[] = [], runs: number[] = [];
    let last = -1;
    rows.forEach((r, k) => {
      points[2 * k] = (d.world[2 * r]! - bbox.left) * s;
      points[2 * k + 1] = (d.world[2 * r + 1]! - bbox.top) * s;
      const v = d.videoOfRow[r]!;
      if (v !== last) {
        colours.push(`rgb(${d.colors[4 * r]} ${d.colors[4 * r + 1]} ${d.colors[4 * r + 2]})`);
        runs.push(0);
        last = v;
      }
      runs[runs.length - 1]!++;
    });
    return this.tiles.dots({ ...index, size, background: BACKGROUND, points, colours, runs, radius: DOT_PX * (size / TILE_PX) }, signal);
  }

  /** Draws one TileLayer tile: the cells of its level that overlap it. */
  async renderTile(index: { x: number; y: number; z: number }, bbox: { left: number; top: number; right: number; bottom: number }, signal?: AbortSignal): Promise<ImageBitmap> {
    const d = this.data;
    if (!d) throw new Error('no layout');
    const l = d.levels.level(index.z);
    const size = tileSize();
    const s = size / (bbox.right - bbox.left);
    const cells = cellsIn(l, bbox.left, bbox.top, bbox.right, bbox.bottom);
    const draws: TileDraw[] = cells.map((c) => {
      const { video, frame } = d.rows.at(c.index);
      return { video: d.videos[video]!.id, frame, x: (c.cx * l.w - bbox.left) * s, y: (c.cy * l.h - bbox.top) * s, w: l.w * s, h: l.h * s };
    });
    this.tilesPending++;
    let bmp: ImageBitmap;
    try {
      bmp = await this.tiles.tile({ ...index, size, background: BACKGROUND, draws }, signal);
    } finally {
      this.tilesPending--;
    }
    this.tileCells.set(`${index.x},${index.y},${index.z}`, cells.map((c) => ({ cx: c.cx, cy: c.cy, row: c.index })));
    if (!performance.getEntriesByName('first-tile').length) performance.mark('first-tile');
    return bmp;
  }

  tileUnloaded(index: { x: number; y: number; z: number }): void {
    this.tileCells.delete(`${index.x},${index.y},${index.z}`);
  }

  /** Recounts the thumbnails drawn in view (after a pan, a zoom or a tile load). */
  updateDrawn(): void {
    this.tilesDrawn = this.mode === 'tiles' ? this.drawnInView().length : 0;
  }

  /** Cells of the current level drawn by loaded tiles and inside the view, each once. */
  drawnInView(): DrawnCell[] {
    const d = this.data, v = this.view;
    if (!d || !v) return [];
    const b = viewBounds(v, this.width, this.height);
    const l = d.levels.level(this.level);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local set of cells
    const seen = new Map<number, DrawnCell>();
    for (const [key, cells] of this.tileCells) {
      if (Number(key.split(',')[2]) !== this.level) continue;
      for (const c of cells) {
        const x0 = c.cx * l.w, y0 = c.cy * l.h;
        if (x0 + l.w < b.x0 || x0 > b.x1 || y0 + l.h < b.y0 || y0 > b.y1) continue;
        seen.set(cellKey(c.cx, c.cy), c);
      }
    }
    return [...seen.values()];
  }

  /** Cell rectangle (world) of a frame at the current level, for outlines. */
  cellOf(row: number): Bounds | null {
    const d = this.data;
    if (!d) return null;
    const l = d.levels.level(this.level);
    const x = d.world[2 * row]!, y = d.world[2 * row + 1]!;
    if (this.mode === 'points') return { x0: x, y0: y, x1: x, y1: y };
    const cx = Math.floor(x / l.w), cy = Math.floor(y / l.h);
    return { x0: cx * l.w, y0: cy * l.h, x1: (cx + 1) * l.w, y1: (cy + 1) * l.h };
  }

  /** Rows of a video in time order as a world-space path. */
  path(k: number): Float32Array {
    const d = this.data!;
    return d.world.slice(2 * d.rows.starts[k]!, 2 * d.rows.starts[k + 1]!);
  }

  /** About `count` frames of a video, evenly spread (strips of frames). */
  videoStrip(k: number, count = 6): MapFrame[] {
    const d = this.data;
    if (!d) return [];
    const n = d.rows.count(k), m = Math.min(count, n);
    return Array.from({ length: m }, (_, j) => Math.round(((j + 0.5) * n) / m - 0.5)).flatMap((i) => this.frame(d.rows.row(k, i)) ?? []);
  }

  /** Shows the paths of the k videos whose paths lie farthest apart. */
  showDissimilar(k: number): void {
    const d = this.data;
    if (!d) return;
    const ks = d.videos.map((_, i) => i).filter((i) => d.include(d.rows.starts[i]!) && d.rows.count(i) > 0);
    const chosen = farthestSet(pathDistances(ks.map((i) => this.path(i))), ks.length, k).map((j) => ks[j]!);
    this.dissimilar = chosen;
    this.paths = chosen.map((i) => d.videos[i]!.id);
    this.persist();
  }

  /** Selects the frames inside a polygon drawn in screen px. */
  selectRegion(screen: Polygon): void {
    const d = this.data, v = this.view;
    if (!d || !v || screen.length < 3) {
      this.region = null;
      return;
    }
    const polygon = screen.map(([x, y]) => screenToWorld(v, this.width, this.height, x, y));
    this.region = { polygon, rows: pointsInside(d.world, polygon, d.include) };
  }

  inspect(f: MapFrame | null): void {
    this.inspected = f;
  }

  /** Centres the view on a frame, zoomed in far enough to see its own thumbnail. */
  locate(row: number): void {
    const d = this.data;
    if (!d || !this.view) return;
    this.setView({ target: [d.world[2 * row]!, d.world[2 * row + 1]!], zoom: Math.max(this.view.zoom, d.maxLevel - 0.5) });
  }

  reader(id: VideoId): Promise<FrameReader> {
    const rec = this.library.videos.find((v) => v.id === id);
    return this.readers.get(id, MIME[rec?.params.format ?? 'webp']);
  }

  async frameTime(f: MapFrame): Promise<number> {
    return (await this.reader(f.id)).time(f.frame);
  }

  /** A frame as a small bitmap drawn by the tiles worker (hover card, strips). */
  thumbnail(f: MapFrame, width: number, height: number, signal?: AbortSignal): Promise<ImageBitmap> {
    return this.tiles.frame(f.id, f.frame, width, height, signal);
  }

  /** The k frames nearest in feature space (cosine over the stored features of the layout's model). */
  async neighbours(f: MapFrame, k: number): Promise<(MapFrame & { score: number })[]> {
    const d = this.data;
    const meta = this.projection.meta;
    if (!d || !meta) return [];
    const dim = meta.dim, key = `${meta.model}:${this.layoutKey}`;
    const skip = (i: number) => i === f.row || !d.include(i);
    let hits: Neighbour[];
    if (d.rows.total * dim <= this.featureCacheFloats) {
      if (this.features?.model !== key) {
        const all = new Float32Array(d.rows.total * dim);
        for (const [v, video] of d.videos.entries()) {
          if (!video.record) continue;
          const { count, data } = await this.featureState.read(video.record, meta.model);
          all.set(data.subarray(0, Math.min(count, video.frames) * dim), d.rows.starts[v]! * dim);
        }
        this.features = { model: key, dim, rows: normalizeRows(all, dim) };
      }
      const { rows } = this.features;
      hits = cosineTopK(rows, dim, vectorRow(rows, dim, f.row), k, skip);
    } else {
      // Too many to hold: one video's features at a time, keeping the best k.
      const own = d.videos[f.video]!.record;
      if (!own) return [];
      const mine = await this.featureState.read(own, meta.model);
      const query = normalizeRows(mine.data.slice(f.frame * dim, (f.frame + 1) * dim), dim);
      hits = [];
      for (const [v, video] of d.videos.entries()) {
        if (!video.record) continue;
        const { count, data } = v === f.video ? mine : await this.featureState.read(video.record, meta.model);
        const start = d.rows.starts[v]!;
        const rows = normalizeRows(data.subarray(0, Math.min(count, video.frames) * dim), dim);
        const found = cosineTopK(rows, dim, query, k, (i) => skip(start + i)).map((h) => ({ index: start + h.index, score: h.score }));
        hits = [...hits, ...found].sort((a, b) => b.score - a.score).slice(0, k);
      }
    }
    return hits.flatMap((h) => {
      const m = this.frame(h.index);
      return m ? [{ ...m, score: h.score }] : [];
    });
  }

  private persist(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      const s: SavedAtlas = { mode: this.mode, cellPx: this.cellPx, paths: [...this.paths], view: this.view, layoutKey: this.layoutKey };
      this.restored = s;
      // The view is a convenience: a full disk must not turn it into a page error.
      saveSetting('atlas', s).catch((e: unknown) => console.warn('map view not saved:', e));
    }, 300);
  }

  dispose(): void {
    this.tiles.dispose();
  }
}

/** Tile bitmaps match the screen's pixels (up to 2× for high-density displays). */
function tileSize(): number {
  return Math.round(TILE_PX * Math.min(2, globalThis.devicePixelRatio || 1));
}

/** A short file-name-safe digest (FNV-1a, two rounds) of what cached tiles depend on. */
function hashKey(text: string): string {
  let a = 0x811c9dc5, b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(text.length - 1 - i), 0x01000193);
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
