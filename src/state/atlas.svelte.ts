// The map as the UI sees it: the view and its grid level, the drawing mode and
// the thumbnail tiles the worker draws for it, over the map data derived from
// the current layout and the library (stages/map/mapData.ts). What the user
// picks on the map (paths, a region, the inspected frame) is `selection`.
import { untrack } from 'svelte';
import { lookOwner, type VideoId } from '../core/ids';
import { hashKey } from '../core/hashKey';
import { frameMime } from '../stages/ingest';
import {
  buildMapData, chooseThumbPx, clampView, DrawnTiles, fitCells, layoutRecords, levelAt, MIN_THUMB_PX, MIN_ZOOM, occupiedBounds, PointIndex, probeFirstView, TilesClient,
  NO_FILTER, sanitizeFilter, showsVideo, TILE_PX, videoColor, viewBounds,
  type Bounds, type DrawnCell, type MapData, type TileDraw, type TileIndex, type VideoFilter, type ViewState,
} from '../stages/map';
import { cellOfPoint, cellsIn, pointAt } from '../stages/grid';
import { FrameReaderCache, loadSetting, saveSetting, type FrameReader } from '../storage';
import type { Library } from './library.svelte';
import { MapSelection } from './mapSelection.svelte';
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

export type { DrawnCell };
export type AtlasData = MapData<VideoRecord>;

interface SavedAtlas {
  mode: MapMode;
  cellPx: number;
  /** the thumbnail size is chosen by the first view (absent in views saved before there was a choice) */
  cellAuto?: boolean;
  paths: VideoId[];
  view: ViewState | null;
  /** the layout the view belongs to (`viewKey`) */
  layoutKey: string | null;
  /** the legend's choice of videos (absent in views saved before there was a legend) */
  filter?: VideoFilter;
}

/** A video of the layout as the legend lists it: its first look and its own frames are one entry. */
export interface LegendVideo {
  id: VideoId;
  name: string;
  /** its colour on the map (paths, points) */
  color: [number, number, number];
  frames: number;
  /** seconds, when known */
  duration: number | null;
  addedAt: number;
  /** drawn on the map now */
  shown: boolean;
  /** hidden by hand (else, when not shown, by the filter's fields) */
  hidden: boolean;
}

/** Parts of the map covered by panels (screen px): the first view fits the frames into the rest. */
export interface Insets {
  left: number;
  right: number;
  bottom: number;
}

interface TileBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const CELL_SIZES = [96, 128, 160, 224, 320];
const BACKGROUND = '#0b0d10';
/** dot radius in points mode, screen px */
export const DOT_PX = 2.5;

export class Atlas {
  mode = $state<MapMode>('tiles');
  tool = $state<MapTool>('pan');
  cellPx = $state(160);
  /** the first view and "Reset view" choose the thumbnail size (until one is picked in the toolbar) */
  cellAuto = $state(true);
  view = $state.raw<ViewState | null>(null);
  width = $state(800);
  height = $state(600);
  hover = $state.raw<(MapFrame & { x: number; y: number }) | null>(null);
  tileErrors = $state(0);
  /** tiles being drawn by the worker now */
  tilesPending = $state(0);
  /** which videos the map shows (the legend) */
  filter = $state.raw<VideoFilter>(NO_FILTER);
  readonly selection: MapSelection;

  /**
   * What the map needs of the library's records, as a string: the records change many times a second while a video
   * decodes, and the map must rebuild only when a layout video appears, goes or changes format or size.
   */
  private readonly recordsKey = $derived.by(() => {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
    const byId = new Map(this.library.videos.map((r) => [r.id, r]));
    const recordOf = layoutRecords(this.projection.meta?.videos ?? [], byId);
    return (this.projection.meta?.videos ?? []).map((v) => {
      const r = recordOf(v);
      return r ? `${r.params.format}:${r.thumbWidth}x${r.thumbHeight}` : '-';
    }).join('|');
  });
  /** Everything drawn follows from the layout and the library: rebuilt when either changes. Pure: see `sync`. */
  readonly data = $derived.by((): AtlasData | null => {
    void this.recordsKey;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
    const records = new Map(untrack(() => this.library.videos).map((r) => [r.id, r]));
    const videos = this.projection.meta?.videos ?? [];
    const filter = this.filter, now = Date.now();
    return buildMapData(videos, this.projection.coords, layoutRecords(videos, records), this.cellPx, (r) => showsVideo(filter, r, now));
  });
  /** The layout's videos for the legend, one entry per library video (its first look merged in), in layout order. */
  readonly legend = $derived.by((): LegendVideo[] => {
    void this.recordsKey;
    const filter = this.filter, now = Date.now();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
    const byId = new Map(untrack(() => this.library.videos).map((r) => [r.id as string, r]));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
    const out = new Map<string, LegendVideo>();
    (this.projection.meta?.videos ?? []).forEach((v, k) => {
      const owner = lookOwner(v.id) ?? v.id;
      const r = byId.get(owner);
      if (!r) return; // removed from the library: not on the map
      const seen = out.get(owner);
      // The video's own entry gives the colour; its first look only adds frames.
      if (seen) {
        seen.frames += v.frames;
        if (owner === v.id) seen.color = videoColor(k);
        return;
      }
      out.set(owner, {
        id: r.id, name: r.name, color: videoColor(k), frames: v.frames, duration: r.probe?.duration ?? null, addedAt: r.addedAt,
        shown: showsVideo(filter, r, now), hidden: filter.hidden.includes(r.id),
      });
    });
    return [...out.values()];
  });
  readonly level = $derived(this.view && this.data ? levelAt(this.view.zoom, this.data.maxLevel) : 0);
  /** zooming stops three levels past the deepest grid level: thumbnails 8× their size */
  readonly maxZoom = $derived((this.data?.maxLevel ?? 8) + 3);
  /** bumped when a tile loads or unloads: the drawn-tile record is plain data, this makes its count reactive */
  private drawnVersion = $state(0);
  /** thumbnails drawn in the view at its level (data-tiles, "N shown") */
  readonly tilesDrawn = $derived.by(() => {
    void this.drawnVersion;
    return this.mode === 'tiles' ? this.drawnInView().length : 0;
  });
  /** the points' colours when not by video (RGBA per row; ObjectSearch: by object class), with a key of what they show */
  dotColours = $state.raw<{ key: string; colors: Uint8Array } | null>(null);
  /** What drawn tiles depend on: a change makes the map redraw every tile (also those in deck's and OPFS's caches). */
  readonly tileKey = $derived(
    this.data ? hashKey(`${this.layoutKey}|${this.cellPx}|${this.data.aspect}|${tileSize()}|${this.data.present}|${this.mode === 'points' ? (this.dotColours?.key ?? '') : ''}`) : null,
  );

  private readonly tiles = new TilesClient();
  private readonly readers = new FrameReaderCache();
  /** The data the tiles worker, the readers and the drawn-tile record were last set up for. Not state. */
  private synced: { data: AtlasData; drawn: DrawnTiles; points: PointIndex | null } | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private restored: SavedAtlas | null = null;

  constructor(
    private readonly library: Library,
    private readonly projection: Projection,
  ) {
    this.selection = new MapSelection(this, () => this.persist());
  }

  async load(): Promise<void> {
    const s = await loadSetting<SavedAtlas>('atlas');
    if (!s) return;
    this.restored = s;
    this.mode = s.mode === 'points' ? 'points' : 'tiles';
    this.cellAuto = s.cellAuto ?? true;
    if (s.cellPx > 0) this.cellPx = s.cellPx;
    this.filter = sanitizeFilter(s.filter);
    this.selection.paths = s.paths ?? [];
  }

  /** Identifies what the map draws: the layout and the frames placed on it so far. */
  get layoutKey(): string | null {
    const k = this.viewKey;
    return k && `${k}:${this.projection.meta!.frames}`;
  }

  /**
   * Identifies the layout's plane: a new one (retrain, rotate) starts from a fitted view; frames placed on the same
   * plane keep the view the user chose.
   */
  get viewKey(): string | null {
    const m = this.projection.meta;
    return m ? `${m.name}:${m.createdAt}:${m.stretch?.angle ?? 0}:${m.stretch?.mirror ? 'm' : ''}` : null;
  }

  /**
   * Brings the worker's frame sources, the frame readers and the drawn-tile record up to `d`. Called where they are
   * used rather than when the data changes, so that deriving the data stays free of side effects.
   */
  private sync(d: AtlasData): NonNullable<Atlas['synced']> {
    if (this.synced?.data !== d) {
      this.readers.clear();
      const videos = d.videos.flatMap((v) => (v.record ? [{ id: v.id, mime: frameMime(v.record.params) }] : []));
      void this.tiles.sources({ videos, cacheKey: this.tileKey! });
      this.synced = { data: d, drawn: new DrawnTiles(), points: null };
      performance.mark('atlas-built');
    }
    return this.synced;
  }

  /** the plane (`viewKey`) the view was last fitted to or restored for */
  private shownViewKey: string | null = null;

  /**
   * Shows the saved view of a layout newly shown, else the whole layout. Frames placed later on the same plane
   * keep a view the user chose; an untouched view takes them in.
   */
  showInitialView(): boolean {
    const d = this.data;
    if (!d?.bounds) return false;
    const key = this.viewKey;
    if (key === this.shownViewKey && this.view) {
      if (!this.touched) this.resetView();
      return true;
    }
    this.shownViewKey = key;
    const saved = this.restored?.view && this.restored.layoutKey === key ? this.restored.view : null;
    if (saved) this.setView(saved, true);
    else this.resetView();
    return true;
  }

  /** Shows every frame's thumbnail whole, choosing their size first when that is left to the map. */
  resetView(): void {
    let d = this.data;
    if (!d?.bounds) return;
    let start: number | undefined;
    // The part of the map no panel covers.
    const { left, right, bottom } = this.insets;
    const w = Math.max(160, this.width - left - right), h = Math.max(120, this.height - bottom);
    if (this.cellAuto && this.mode === 'tiles') {
      const { world, include, bounds, aspect, frames } = d;
      const probe = (px: number) => probeFirstView(world, include, bounds!, aspect, w, h, px);
      const chosen = chooseThumbPx(frames, probe, (w * h) / (MIN_THUMB_PX * (MIN_THUMB_PX / aspect)));
      start = chosen.zoom;
      this.cellPx = chosen.cellPx;
      d = this.data!;
    }
    const levels = d.levels;
    const fit = fitCells(d.bounds!, (z) => levels.level(z), d.maxLevel, w, h, start);
    // Centred on the uncovered part: the map's centre lies half the covered widths away from it.
    const s = 2 ** fit.zoom;
    this.setView({ target: [fit.target[0] + (right - left) / 2 / s, fit.target[1] + bottom / 2 / s], zoom: fit.zoom }, false);
  }

  /** the parts of the map panels cover now (set through `setInsets`) */
  insets: Insets = { left: 0, right: 0, bottom: 0 };

  /** Panels opened or closed over the map: an untouched view fits the frames into what is left uncovered. */
  setInsets(i: Insets): void {
    const o = this.insets;
    if (o.left === i.left && o.right === i.right && o.bottom === i.bottom) return;
    this.insets = { ...i };
    if (!this.touched && this.view) this.resetView();
  }

  /** the view was moved by the user (or restored), so a resize keeps it rather than fitting again */
  private touched = false;
  get viewTouched(): boolean {
    return this.touched;
  }

  /** The map element changed size: keep the user's view, or fit the layout again. */
  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    if (!this.touched && this.view) this.resetView();
  }

  /**
   * A view the user moved to (drag, wheel, keys): zoom kept in the map's range, panning stopped a third of the view
   * beyond the frames' cells. Zooming hides the hover card, which would point at another frame. Returns the view.
   */
  moveTo(v: ViewState): ViewState {
    const d = this.data;
    if (d?.bounds) {
      const zoom = Math.min(this.maxZoom, Math.max(MIN_ZOOM, v.zoom));
      const cells = occupiedBounds(d.levels.level(levelAt(zoom, d.maxLevel))) ?? d.bounds;
      v = clampView({ target: v.target, zoom }, cells, this.width, this.height, Math.min(this.width, this.height) / 3);
    }
    if (this.view && v.zoom !== this.view.zoom) this.hover = null;
    this.setView(v);
    return v;
  }

  setView(v: ViewState, byUser = true): void {
    this.touched = byUser;
    this.view = { target: [v.target[0], v.target[1]], zoom: v.zoom };
    this.persist();
  }

  setMode(m: MapMode): void {
    this.mode = m;
    this.persist();
  }

  /** A thumbnail size picked in the toolbar, or 'auto' to let the first view choose (it does so at once). */
  setCellPx(px: number | 'auto'): void {
    this.cellAuto = px === 'auto';
    if (px === 'auto') this.resetView();
    else this.cellPx = px;
    this.persist();
  }

  /** Hides or shows one video on the map (and in its paths and search results). */
  setHidden(id: VideoId, hidden: boolean): void {
    const rest = this.filter.hidden.filter((h) => h !== id);
    this.setFilter({ hidden: hidden ? [...rest, id] : rest });
  }

  /** Changes the legend's filter fields (name, duration, date added) or the hidden list. */
  setFilter(change: Partial<VideoFilter>): void {
    this.filter = { ...this.filter, ...change };
    this.persist(true);
  }

  /** Every video shown again, the filter cleared. */
  showAll(): void {
    this.filter = NO_FILTER;
    this.persist(true);
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
    const row = pointAt(d.levels.level(this.level), x, y);
    return row === undefined ? null : this.frame(row);
  }

  /** Points bucketed for points-mode tiles and hover, built on first use. */
  private points(d: AtlasData): PointIndex {
    const s = this.sync(d);
    if (!s.points) {
      const extent = d.bounds ? Math.max(d.bounds.x1 - d.bounds.x0, d.bounds.y1 - d.bounds.y0) : 1;
      s.points = new PointIndex(d.world, extent / 128, d.include);
    }
    return s.points;
  }

  /** The frame drawn as a dot near a world point (points mode), within `px` screen px. */
  frameNearWorld(x: number, y: number, px = 6): MapFrame | null {
    if (!this.data || !this.view) return null;
    const row = this.points(this.data).nearest(x, y, px / 2 ** this.view.zoom);
    return row < 0 ? null : this.frame(row);
  }

  /** Draws one tile of the points mode: every frame in it as a dot coloured by video (or as `dotColours` says). */
  async renderDots(index: TileIndex, bbox: TileBox, signal?: AbortSignal): Promise<ImageBitmap> {
    const d = this.data;
    if (!d) throw new Error('no layout');
    const size = tileSize();
    const s = size / (bbox.right - bbox.left);
    const pad = (DOT_PX + 1) / s;
    const rows = this.points(d).query(bbox.left - pad, bbox.top - pad, bbox.right + pad, bbox.bottom + pad);
    const points = new Float32Array(rows.length * 2);
    const colors = this.dotColours?.colors.length === 4 * d.rows.total ? this.dotColours.colors : d.colors;
    const colours: string[] = [], runs: number[] = [];
    let last = '';
    rows.forEach((r, k) => {
      points[2 * k] = (d.world[2 * r]! - bbox.left) * s;
      points[2 * k + 1] = (d.world[2 * r + 1]! - bbox.top) * s;
      const c = `rgb(${colors[4 * r]} ${colors[4 * r + 1]} ${colors[4 * r + 2]})`;
      if (c !== last) {
        colours.push(c);
        runs.push(0);
        last = c;
      }
      runs[runs.length - 1]!++;
    });
    return this.tiles.dots({ ...index, size, background: BACKGROUND, points, colours, runs, radius: DOT_PX * (size / TILE_PX) }, signal);
  }

  /** Draws one TileLayer tile: the cells of its level that overlap it. */
  async renderTile(index: TileIndex, bbox: TileBox, signal?: AbortSignal): Promise<ImageBitmap> {
    const d = this.data;
    if (!d) throw new Error('no layout');
    const { drawn } = this.sync(d);
    // Beyond the deepest level the same cells are drawn larger, from the stored frames rather than an enlarged tile.
    const level = Math.min(index.z, d.maxLevel);
    const l = d.levels.level(level);
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
    drawn.loaded(index, level, cells.map((c) => ({ cx: c.cx, cy: c.cy, row: c.index })));
    this.drawnVersion++;
    if (!performance.getEntriesByName('first-tile').length) performance.mark('first-tile');
    return bmp;
  }

  tileUnloaded(index: TileIndex): void {
    this.synced?.drawn.unloaded(index);
    this.drawnVersion++;
  }

  /** Cells of the current level drawn by loaded tiles and inside the view, each once. */
  drawnInView(): DrawnCell[] {
    const d = this.data, v = this.view;
    if (!d || !v || this.synced?.data !== d) return [];
    const l = d.levels.level(this.level);
    return this.synced.drawn.inView(this.level, l.w, l.h, viewBounds(v, this.width, this.height));
  }

  /** Cell rectangle (world) of a frame at the current level, for outlines. */
  cellOf(row: number): Bounds | null {
    const d = this.data;
    if (!d) return null;
    const l = d.levels.level(this.level);
    const x = d.world[2 * row]!, y = d.world[2 * row + 1]!;
    if (this.mode === 'points') return { x0: x, y0: y, x1: x, y1: y };
    const [cx, cy] = cellOfPoint(l, row, x, y);
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

  /** Centres the view on a frame, zoomed in far enough to see its own thumbnail. */
  locate(row: number): void {
    const d = this.data;
    if (!d || !this.view) return;
    this.setView({ target: [d.world[2 * row]!, d.world[2 * row + 1]!], zoom: Math.max(this.view.zoom, d.maxLevel - 0.5) });
  }

  reader(id: VideoId): Promise<FrameReader> {
    if (this.data) this.sync(this.data);
    const rec = this.library.videos.find((v) => v.id === (lookOwner(id) ?? id));
    return this.readers.get(id, frameMime(rec?.params));
  }

  async frameTime(f: MapFrame): Promise<number> {
    return (await this.reader(f.id)).time(f.frame);
  }

  /** A frame as a small bitmap drawn by the tiles worker (hover card, strips). */
  thumbnail(f: MapFrame, width: number, height: number, signal?: AbortSignal): Promise<ImageBitmap> {
    if (this.data) this.sync(this.data);
    return this.tiles.frame(f.id, f.frame, width, height, signal);
  }

  /**
   * Saves the map's state: 300 ms after the last change (a pan or zoom changes the view every frame), or `now` for a
   * choice the user made once (the legend's filter), which a reload right after must not lose.
   */
  persist(now = false): void {
    clearTimeout(this.saveTimer);
    const save = () => {
      const s: SavedAtlas = {
        mode: this.mode, cellPx: this.cellPx, cellAuto: this.cellAuto, paths: [...this.selection.paths], view: this.view, layoutKey: this.viewKey,
        filter: { ...this.filter, hidden: [...this.filter.hidden] },
      };
      this.restored = s;
      // The view is a convenience: a full disk must not turn it into a page error.
      saveSetting('atlas', s).catch((e: unknown) => console.warn('map view not saved:', e));
    };
    if (now) save();
    else this.saveTimer = setTimeout(save, 300);
  }

  dispose(): void {
    this.tiles.dispose();
  }
}

/** Tile bitmaps match the screen's pixels (up to 2× for high-density displays). */
function tileSize(): number {
  return Math.round(TILE_PX * Math.min(2, globalThis.devicePixelRatio || 1));
}
