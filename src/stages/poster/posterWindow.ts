// Where a poster's window goes and what it will hold. By default the window is
// the frames' extent: per-axis percentile bounds of the layout (0.5–99.5 %, so a
// few stray frames do not shrink everything else), centred, as wide as the
// poster's aspect needs to hold both axes, with half a cell to spare on each
// side. And before export: how many frames the window holds, the share of cells
// that get one, and a warning when the poster would be empty or mostly
// background.
import { defaultRows, type PosterParams, type PosterPlan } from './posterPlan';

/** A rectangle of the layout, y up. */
export interface Extent {
  left: number;
  bottom: number;
  right: number;
  top: number;
}

/** The reference's window parameters: centre and width, layout units. */
export interface PosterWindow {
  centerX: number;
  centerY: number;
  window: number;
}

/** Percentiles of the extent on each axis. */
export const EXTENT_PERCENTILES: [number, number] = [0.005, 0.995];
/** The narrowest window a fit gives (one frame, or all frames at one point). */
export const MIN_WINDOW = 0.01;
/** A poster with fewer of its cells filled than this is mostly background. */
export const SPARSE_FILL = 0.4;

/** Value at quantile q (0–1) of ascending values, linear between neighbours. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos), hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Per-axis percentile bounds of the included frames (x, y pairs, y up); null when there are none. */
export function framesExtent(coords: ArrayLike<number>, include: (i: number) => boolean = () => true, [lo, hi] = EXTENT_PERCENTILES): Extent | null {
  const n = coords.length / 2;
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i]!, y = coords[2 * i + 1]!;
    if (include(i) && Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  if (xs.length === 0) return null;
  const sx = Float64Array.from(xs).sort(), sy = Float64Array.from(ys).sort();
  return { left: quantile(sx, lo), right: quantile(sx, hi), bottom: quantile(sy, lo), top: quantile(sy, hi) };
}

/**
 * The window that holds an extent on a poster of these columns, rows and tiles:
 * centred on it, wide enough for its width and (at the window's aspect) its
 * height, plus 1/columns (half a cell each side). Rounded to 0.001 for the
 * dialog's fields, the width upwards.
 */
export function fitWindow(e: Extent, p: Pick<PosterParams, 'columns' | 'rows' | 'tileWidth' | 'tileHeight'>): PosterWindow {
  const rows = p.rows ?? defaultRows(p);
  const heightPerWidth = (rows * p.tileHeight) / (p.columns * p.tileWidth);
  const needed = Math.max(e.right - e.left, (e.top - e.bottom) / heightPerWidth) * (1 + 1 / p.columns);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    centerX: round((e.left + e.right) / 2),
    centerY: round((e.bottom + e.top) / 2),
    window: Math.max(MIN_WINDOW, Math.ceil(needed * 1000 - 1e-6) / 1000),
  };
}

export interface WindowFill {
  /** frames inside the window */
  frames: number;
  /** cells that show a frame */
  filled: number;
  cells: number;
  /** filled / cells, 0–1 */
  fill: number;
}

export function windowFill(plan: Pick<PosterPlan, 'cells' | 'inWindow'>): WindowFill {
  let filled = 0;
  for (const c of plan.cells) if (c >= 0) filled++;
  const cells = plan.cells.length;
  return { frames: plan.inWindow, filled, cells, fill: cells ? filled / cells : 0 };
}

export interface PosterWarning {
  /** empty: no frame at all (export is refused); sparse: most cells stay background */
  kind: 'empty' | 'sparse';
  message: string;
}

/** What to say before exporting this poster, or null when it is well filled. */
export function posterWarning(f: WindowFill, p: Pick<PosterParams, 'gapless'>): PosterWarning | null {
  if (f.filled === 0)
    return { kind: 'empty', message: 'The window holds no frames: the poster would be all background. “Fit to frames”, or move the window onto the map.' };
  if (f.fill >= SPARSE_FILL) return null;
  const pct = Math.round(100 * f.fill);
  const advice = p.gapless ? 'fewer rows or columns' : 'gapless (every frame its own cell) or fewer columns';
  return { kind: 'sparse', message: `Only ${pct} % of the cells get a frame; the rest stay background. Try ${advice}.` };
}
