// Where things are on the map. Layout coordinates (about −1…1, y up) become
// world units of deck.gl's orthographic view (y down), and each integer zoom
// level z has its own grid of thumbnail cells: cellPx wide on screen at zoom z,
// so zooming in one level halves the cells and shows about four times as many frames.
import { assignGrid, type GridLevel } from '../grid';

/** world units per layout unit: at zoom 0 the −1…1 square is 1024 px across */
export const WORLD = 512;
/** deck.gl TileLayer tile edge in px at its own zoom level */
export const TILE_PX = 512;
export const MIN_ZOOM = -4;
/** deepest grid level, reached long before on real layouts (a frame per cell) */
export const MAX_LEVEL = 16;

export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface ViewState {
  target: [number, number];
  zoom: number;
}

/** Layout (x, y) pairs → world (x, −y) pairs. */
export function toWorld(coords: ArrayLike<number>): Float32Array {
  const out = new Float32Array(coords.length);
  for (let i = 0; i < coords.length; i += 2) {
    out[i] = coords[i]! * WORLD;
    out[i + 1] = -coords[i + 1]! * WORLD;
  }
  return out;
}

export function boundsOf(xy: ArrayLike<number>, include?: (i: number) => boolean): Bounds | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < xy.length / 2; i++) {
    if (include && !include(i)) continue;
    const x = xy[2 * i]!, y = xy[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return x0 <= x1 ? { x0, y0, x1, y1 } : null;
}

/** The grid level deck.gl's TileLayer draws at this zoom (it takes the next integer). */
export function levelAt(zoom: number, maxLevel: number): number {
  return Math.min(maxLevel, Math.max(MIN_ZOOM, Math.ceil(zoom - 1e-9))) || 0; // never −0
}

/** Cell size in world units at level z: cellPx wide at that zoom, shaped like the thumbnails. */
export function cellSize(z: number, cellPx: number, aspect: number): { w: number; h: number } {
  const w = cellPx / 2 ** z;
  return { w, h: w / aspect };
}

/**
 * Grid levels computed once each and kept (100,000 frames take 50–300 ms a level on a slow machine). Frames that
 * lose their cell spill into empty neighbours, so crowded layouts show more of their frames at every level.
 */
export class LevelCache {
  private readonly levels = new Map<number, GridLevel>();
  constructor(
    private readonly world: Float32Array,
    private readonly cellPx: number,
    private readonly aspect: number,
    private readonly include?: (i: number) => boolean,
  ) {}

  level(z: number): GridLevel {
    let l = this.levels.get(z);
    if (!l) {
      const { w, h } = cellSize(z, this.cellPx, this.aspect);
      l = assignGrid(this.world, w, h, this.include, true);
      this.levels.set(z, l);
    }
    return l;
  }

  /**
   * The first level at which (nearly) every frame has a cell of its own:
   * zooming further only enlarges. Identical frames share a position and never
   * separate, so levels also stop once a cell is 1/2048 of the layout's extent.
   */
  maxLevel(frames: number, extent: number, share = 0.98): number {
    for (let z = 0; z < MAX_LEVEL; z++) {
      if (this.level(z).cells.size >= share * frames || this.cellPx / 2 ** z < extent / 2048) return z;
    }
    return MAX_LEVEL;
  }
}

/** Row r of the layout ↔ (video k, frame i): rows are the layout's videos in order. */
export class FrameRows {
  readonly starts: Int32Array;
  readonly total: number;
  constructor(counts: readonly number[]) {
    this.starts = new Int32Array(counts.length + 1);
    counts.forEach((c, k) => (this.starts[k + 1] = this.starts[k]! + c));
    this.total = this.starts[counts.length]!;
  }

  row(video: number, frame: number): number {
    return this.starts[video]! + frame;
  }

  /** Video index and frame index of a row (binary search). */
  at(row: number): { video: number; frame: number } {
    if (row < 0 || row >= this.total) throw new RangeError(`row ${row} of ${this.total}`);
    let lo = 0, hi = this.starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return { video: lo, frame: row - this.starts[lo]! };
  }

  count(video: number): number {
    return this.starts[video + 1]! - this.starts[video]!;
  }
}

/** A distinct colour per video (golden-angle hues), as RGB 0–255. */
export function videoColor(k: number): [number, number, number] {
  const h = (k * 137.508) % 360, s = 0.7, l = 0.58;
  const f = (n: number) => {
    const a = (n + h / 30) % 12;
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(a - 3, 9 - a, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** The world rectangle a width × height px view shows. */
export function viewBounds(v: ViewState, width: number, height: number): Bounds {
  const hw = width / 2 / 2 ** v.zoom, hh = height / 2 / 2 ** v.zoom;
  return { x0: v.target[0] - hw, y0: v.target[1] - hh, x1: v.target[0] + hw, y1: v.target[1] + hh };
}

/** Screen px (from the view's top left) → world units. */
export function screenToWorld(v: ViewState, width: number, height: number, px: number, py: number): [number, number] {
  const s = 2 ** v.zoom;
  return [v.target[0] + (px - width / 2) / s, v.target[1] + (py - height / 2) / s];
}

export function worldToScreen(v: ViewState, width: number, height: number, x: number, y: number): [number, number] {
  const s = 2 ** v.zoom;
  return [(x - v.target[0]) * s + width / 2, (y - v.target[1]) * s + height / 2];
}
