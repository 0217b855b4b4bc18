// Which frame goes in which tile of a poster: the reference's four parameters
// (centre x, centre y, window width in layout units, images across) plus the
// tile size. Rows follow from the tiles' aspect over a square window unless
// given. The default grid is the map's (each cell the frame nearest its
// centre, empty cells stay empty); gapless gives every frame in the window a
// cell of its own (rasterFairyAssign).
import { assignGrid, cellKey } from '../grid';
import { rasterFairyAssign } from './rasterFairy';

export interface PosterParams {
  /** window centre and width, in layout units (y up) */
  centerX: number;
  centerY: number;
  window: number;
  columns: number;
  /** null: from the aspect (a square window) or, gapless, from the frame count */
  rows: number | null;
  tileWidth: number;
  tileHeight: number;
  gapless: boolean;
}

export interface PosterPlan {
  columns: number;
  rows: number;
  width: number;
  height: number;
  /** layout rows per cell, row-major from the top left; −1 = empty */
  cells: Int32Array;
  /** frames inside the window (gapless: all of them get a cell while there are enough) */
  inWindow: number;
  /** the window in layout units (y up): left, bottom, right, top */
  bounds: [number, number, number, number];
}

/** Largest poster side: canvas strips of up to 32,767 px wide are what browsers draw. */
export const MAX_SIDE = 32_000;

export function defaultRows(p: Pick<PosterParams, 'columns' | 'tileWidth' | 'tileHeight'>): number {
  return Math.max(1, Math.round((p.columns * p.tileWidth) / p.tileHeight));
}

export function validatePoster(p: PosterParams): string | null {
  const ints: [string, number][] = [['columns', p.columns], ['tile width', p.tileWidth], ['tile height', p.tileHeight]];
  for (const [name, v] of ints) if (!Number.isInteger(v) || v < 1) return `${name} must be a whole number of at least 1`;
  if (p.rows !== null && (!Number.isInteger(p.rows) || p.rows < 1)) return 'rows must be a whole number of at least 1';
  if (!(p.window > 0) || !Number.isFinite(p.window)) return 'the window width must be more than 0';
  if (!Number.isFinite(p.centerX) || !Number.isFinite(p.centerY)) return 'the centre must be a number';
  return null;
}

/** Plans a poster over layout coordinates (x, y pairs, y up); `include` leaves frames out. */
export function planPoster(coords: ArrayLike<number>, p: PosterParams, include: (i: number) => boolean = () => true): PosterPlan {
  const err = validatePoster(p);
  if (err) throw new RangeError(err);
  const cw = p.window / p.columns;
  const ch = (cw * p.tileHeight) / p.tileWidth;
  const n = coords.length / 2;
  const left = p.centerX - p.window / 2;
  // The window: `rows` tiles high (a square window by default).
  const windowRows = p.rows ?? defaultRows(p);
  const top = p.centerY + (windowRows * ch) / 2;
  // Poster cell units: u to the right, v down from the top left.
  const uv = new Float64Array(2 * n);
  const picked: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = (coords[2 * i]! - left) / cw, v = (top - coords[2 * i + 1]!) / ch;
    uv[2 * i] = u;
    uv[2 * i + 1] = v;
    if (include(i) && u >= 0 && u < p.columns && v >= 0 && v < windowRows) picked.push(i);
  }
  // A gapless poster without a row count gets as many rows as its frames fill; the window's height is squeezed onto them.
  const rows = p.gapless && p.rows === null ? Math.max(1, Math.ceil(picked.length / p.columns)) : windowRows;
  const cells = new Int32Array(p.columns * rows).fill(-1);
  if (p.gapless) {
    const squeeze = rows / windowRows;
    const chosen = rasterFairyAssign(picked.map((i) => [uv[2 * i]!, uv[2 * i + 1]! * squeeze] as [number, number]), p.columns, rows);
    chosen.forEach((k, j) => k >= 0 && (cells[k] = picked[j]!));
  } else {
    const pickedSet = new Set(picked);
    const level = assignGrid(uv, 1, 1, (i) => pickedSet.has(i));
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < p.columns; c++) {
        const i = level.cells.get(cellKey(c, r));
        if (i !== undefined) cells[r * p.columns + c] = i;
      }
  }
  return { columns: p.columns, rows, width: p.columns * p.tileWidth, height: rows * p.tileHeight, cells, inWindow: picked.length, bounds: [left, top - windowRows * ch, left + p.window, top] };
}

/** Pixels a JPEG or WebP poster may have: it is encoded whole, so it must fit one canvas (256 MB of RGBA). */
export const MAX_WHOLE_PIXELS = 64_000_000;

/** Why a poster of this size cannot be written in this format, or null when it can. */
export function formatLimit(format: 'png' | 'jpeg' | 'webp', width: number, height: number): string | null {
  if (width > MAX_SIDE || height > MAX_SIDE) return `posters are limited to ${MAX_SIDE.toLocaleString('en')} px a side`;
  if (format === 'png') return null;
  if (format === 'webp' && (width > 16383 || height > 16383)) return 'WebP images are limited to 16,383 px a side: choose PNG';
  if (width * height > MAX_WHOLE_PIXELS) return `${format.toUpperCase()} posters are encoded whole and limited to 64 megapixels: choose PNG (written in strips, any size)`;
  return null;
}
