// The map's view, as map apps handle it: the first view and "Reset view" show
// every frame's thumbnail cell whole, with thumbnails as large as still lets a
// small library show most of its frames at once; panning stops a margin beyond
// the frames; the keyboard steps the view. Pure: the Atlas applies the results.
import { assignGrid, keyCell, type GridLevel } from '../grid';
import { levelAt, MIN_ZOOM, type Bounds, type ViewState } from './mapGeometry';

/** space kept between the frames' cells and the map's edge, screen px */
export const FIT_MARGIN_PX = 16;
/** the smallest thumbnail width a first view chooses: YouTube's smallest storyboard frames, still recognisable */
export const MIN_THUMB_PX = 48;
/** the largest it chooses: a handful of frames should not each fill half the window */
export const MAX_THUMB_PX = 320;
/** the share of a library's frames a first view tries to show */
export const FIRST_VIEW_SHARE = 0.8;

/** The view that shows a world box whole inside width × height px, `marginPx` from the edges. */
export function fitBox(b: Bounds, width: number, height: number, marginPx = FIT_MARGIN_PX): ViewState {
  const w = Math.max(b.x1 - b.x0, 1e-6), h = Math.max(b.y1 - b.y0, 1e-6);
  const scale = Math.min(Math.max(width - 2 * marginPx, 1) / w, Math.max(height - 2 * marginPx, 1) / h);
  return { target: [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2], zoom: Math.max(MIN_ZOOM, Math.log2(Math.max(scale, 1e-9))) };
}

const occupied = new WeakMap<GridLevel, Bounds | null>();

/**
 * The box a level's occupied cells cover: frames spilled into cells nearby reach beyond the frames' own box. Kept
 * per level, as every frame of a pan asks.
 */
export function occupiedBounds(l: GridLevel): Bounds | null {
  if (!occupied.has(l)) occupied.set(l, boxOfCells(l));
  return occupied.get(l)!;
}

function boxOfCells(l: GridLevel): Bounds | null {
  let cx0 = Infinity, cy0 = Infinity, cx1 = -Infinity, cy1 = -Infinity;
  for (const key of l.cells.keys()) {
    const [cx, cy] = keyCell(key);
    cx0 = Math.min(cx0, cx);
    cy0 = Math.min(cy0, cy);
    cx1 = Math.max(cx1, cx);
    cy1 = Math.max(cy1, cy);
  }
  return cx0 <= cx1 ? { x0: cx0 * l.w, y0: cy0 * l.h, x1: (cx1 + 1) * l.w, y1: (cy1 + 1) * l.h } : null;
}

/**
 * The view that shows every occupied cell of the level it draws whole. The level drawn depends on the zoom and the
 * cells' extent on the level, so fit until the two agree, from the level of `startZoom` (by default the zoom that
 * fits the frames themselves, the finest level that can fit) to coarser ones; where a coarser level would fit
 * closer than its own zoom allows, the view stays at its zoom.
 */
export function fitCells(b: Bounds, levelOf: (z: number) => GridLevel, maxLevel: number, width: number, height: number, startZoom?: number): ViewState {
  let zoom = startZoom ?? fitBox(b, width, height).zoom;
  for (;;) {
    const level = levelAt(zoom, maxLevel);
    const next = fitBox(occupiedBounds(levelOf(level)) ?? b, width, height);
    const drawn = levelAt(next.zoom, maxLevel);
    if (drawn === level || next.zoom <= MIN_ZOOM) return next;
    if (drawn > level) return { target: next.target, zoom: Math.min(next.zoom, level) };
    zoom = next.zoom;
  }
}

export interface FirstViewProbe {
  /** thumbnail width on screen, px */
  thumbPx: number;
  /** frames with a cell of their own at that size */
  shown: number;
}

/**
 * How many frames a first view with thumbnails about `thumbPx` wide would show, counted on the very grid the map
 * will draw: the zoom that fits the occupied cells (a few fixed-point steps, as a cell's world size depends on the
 * zoom; the cells' box moves in whole cells, so the steps may swing between two zooms a few percent apart), the
 * grid's cellPx for that zoom (`cellPxFor`, whole px), and the cells of the level fitCells settles on from there.
 */
export function probeFirstView(
  world: ArrayLike<number>, include: ((i: number) => boolean) | undefined, b: Bounds, aspect: number, width: number, height: number, thumbPx: number,
): FirstViewProbe & { zoom: number; cellPx: number; cellW: number } {
  let zoom = fitBox(b, width, height).zoom;
  const gridOf = (cellPx: number) => {
    const levels = new Map<number, GridLevel>();
    return (level: number) => {
      let g = levels.get(level);
      if (!g) levels.set(level, (g = assignGrid(world, cellPx / 2 ** level, cellPx / 2 ** level / aspect, include, true)));
      return g;
    };
  };
  for (let i = 0; i < 5; i++) {
    const next = fitBox(occupiedBounds(gridOf(cellPxFor(thumbPx, zoom))(levelAt(zoom, Infinity))) ?? b, width, height).zoom;
    if (Math.abs(next - zoom) < 1e-3) break;
    zoom = next;
  }
  // Where the fit of the cells keeps crossing a level's zoom there is no fixed point: count what the map will draw
  // with this grid, the level fitCells settles on.
  const cellPx = cellPxFor(thumbPx, zoom);
  const levelOf = gridOf(cellPx);
  const view = fitCells(b, levelOf, Infinity, width, height, zoom);
  const level = levelAt(view.zoom, Infinity);
  return { thumbPx, zoom: view.zoom, cellPx, shown: levelOf(level).cells.size, cellW: cellPx / 2 ** level };
}

/**
 * The thumbnail width of a first view, as its probe: the largest that shows FIRST_VIEW_SHARE of the frames, else
 * (a library too large for one screen) the size that shows the most, never under MIN_THUMB_PX. `probe` is tried on
 * sizes from large to small and stops once the share is reached. `cellsInWindow` (cells of MIN_THUMB_PX the window
 * holds) skips the search for a library far larger than one screen.
 */
export function chooseThumbPx<P extends FirstViewProbe>(frames: number, probe: (thumbPx: number) => P, cellsInWindow = Infinity): P {
  // More frames than the window holds cells of the smallest size: no size can reach the share.
  if (FIRST_VIEW_SHARE * frames > cellsInWindow) return probe(MIN_THUMB_PX);
  let best: P | null = null;
  for (let px = MAX_THUMB_PX; px >= MIN_THUMB_PX; px = Math.max(MIN_THUMB_PX, Math.floor(px * 0.85))) {
    const p = probe(px);
    if (p.shown >= FIRST_VIEW_SHARE * frames) return p;
    if (!best || p.shown > best.shown) best = p;
    if (px === MIN_THUMB_PX) break;
  }
  return best!;
}

/**
 * The grid's cellPx (a cell's width at its own level's zoom) that draws thumbnails `thumbPx` wide at `zoom`: the
 * level drawn is the next integer zoom, where cells are 2^(level − zoom) times wider than at `zoom`.
 */
export function cellPxFor(thumbPx: number, zoom: number): number {
  return Math.round(thumbPx * 2 ** (Math.ceil(zoom - 1e-9) - zoom));
}

/**
 * The view moved back so that it reaches at most `marginPx` beyond the data on each side; a view wider than the
 * data keeps all of it inside instead.
 */
export function clampView(v: ViewState, b: Bounds, width: number, height: number, marginPx: number): ViewState {
  const s = 2 ** v.zoom, m = marginPx / s;
  const axis = (t: number, lo: number, hi: number, half: number) => {
    const a = lo - m + half, c = hi + m - half;
    return Math.min(Math.max(t, Math.min(a, c)), Math.max(a, c));
  };
  return { target: [axis(v.target[0], b.x0, b.x1, width / 2 / s), axis(v.target[1], b.y0, b.y1, height / 2 / s)], zoom: v.zoom };
}

/** The view zoomed by `dz` levels around a screen point (px from the top left), which stays where it is. */
export function zoomAround(v: ViewState, width: number, height: number, px: number, py: number, dz: number): ViewState {
  const k = 1 - 2 ** -dz, s = 2 ** v.zoom;
  const [wx, wy] = [v.target[0] + (px - width / 2) / s, v.target[1] + (py - height / 2) / s];
  return { target: [v.target[0] + (wx - v.target[0]) * k, v.target[1] + (wy - v.target[1]) * k], zoom: v.zoom + dz };
}

export type KeyAction = { view: ViewState } | 'reset' | null;

/** What a key does to the view: + and − zoom one level, arrows pan a sixth of the view (shift: half), 0 resets. */
export function keyAction(key: string, shift: boolean, v: ViewState, width: number, height: number): KeyAction {
  const step = (shift ? 0.5 : 1 / 6) / 2 ** v.zoom;
  const pan = (dx: number, dy: number) => ({ view: { target: [v.target[0] + dx * width * step, v.target[1] + dy * height * step] as [number, number], zoom: v.zoom } });
  switch (key) {
    case '+':
    case '=':
      return { view: { target: v.target, zoom: v.zoom + 1 } };
    case '-':
    case '_':
      return { view: { target: v.target, zoom: v.zoom - 1 } };
    case '0':
    case 'Home':
      return 'reset';
    case 'ArrowLeft':
      return pan(-1, 0);
    case 'ArrowRight':
      return pan(1, 0);
    case 'ArrowUp':
      return pan(0, -1);
    case 'ArrowDown':
      return pan(0, 1);
    default:
      return null;
  }
}
