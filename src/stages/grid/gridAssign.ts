// The map's and the poster's tiling: the plane is cut into a grid of cells
// shaped like the thumbnails, and each cell shows the frame nearest its centre
// among the frames that fall inside it. A frame lies in exactly one cell, so no
// frame appears twice at one level; a cell with no frame stays empty, unless
// `spill` lets a frame that lost its own cell take an empty cell nearby (the
// map: crowded layouts then show far more of their frames at once, each a few
// cells at most from where it lies).

export interface GridLevel {
  /** cell width and height, in the units of the points */
  w: number;
  h: number;
  /** cellKey(cx, cy) → index of the chosen point */
  cells: Map<number, number>;
  /** index → cellKey of the points shown in a cell nearby (`spill`), not in the one they lie in */
  moved: Map<number, number>;
}

export interface GridCell {
  cx: number;
  cy: number;
  /** the chosen point */
  index: number;
}

const SPAN = 2 ** 26; // cell indices in [-SPAN/2, SPAN/2) keep keys exact in a double

export function cellKey(cx: number, cy: number): number {
  return (cx + SPAN / 2) * SPAN + (cy + SPAN / 2);
}

export function keyCell(key: number): [number, number] {
  const cx = Math.floor(key / SPAN);
  return [cx - SPAN / 2, key - cx * SPAN - SPAN / 2];
}

/**
 * Assigns points (x, y pairs) to cells of w × h with a corner at the origin.
 * `include` skips points (e.g. frames of removed videos). Ties go to the
 * lower index, so the result does not depend on anything but the input.
 */
export function assignGrid(xy: ArrayLike<number>, w: number, h: number, include?: (i: number) => boolean, spill = false): GridLevel {
  if (!(w > 0 && h > 0)) throw new RangeError(`cell size ${w} × ${h}`);
  const cells = new Map<number, number>();
  const best = new Map<number, number>(); // key → squared distance of the chosen point
  const n = xy.length / 2;
  for (let i = 0; i < n; i++) {
    if (include && !include(i)) continue;
    const x = xy[2 * i]!, y = xy[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const cx = Math.floor(x / w), cy = Math.floor(y / h);
    const dx = (x - (cx + 0.5) * w) / w, dy = (y - (cy + 0.5) * h) / h; // in cell units, so wide cells are fair
    const d = dx * dx + dy * dy;
    const key = cellKey(cx, cy);
    const prev = best.get(key);
    if (prev === undefined || d < prev) {
      best.set(key, d);
      cells.set(key, i);
    }
  }
  return { w, h, cells, moved: spill ? spillOver(xy, w, h, cells, include) : new Map() };
}

/** (point, cell) pairs a spill may weigh: bounds its reach where many points lost their cell */
const SPILL_PAIRS = 400_000;
/** the farthest a point moves, in cells (a still video's frames, all on one spot, spread over up to 9 × 9 cells) */
const SPILL_RINGS = 4;

/**
 * Points that lost their cell take empty cells around their own, nearest first over all (point, cell) pairs, so
 * each empty cell gets the nearest point that can move there and each point moves once. The reach is as many rings
 * as SPILL_PAIRS allows (at least one): a small library spreads a crowded spot wide, a large one only to its
 * neighbours, and the work stays bounded. Only cells within the box of the points' own cells are taken, so the
 * cells' extent stays the points' (a whole library in two cells does not become a block of 9 × 9).
 */
function spillOver(xy: ArrayLike<number>, w: number, h: number, cells: Map<number, number>, include?: (i: number) => boolean): Map<number, number> {
  const shown = new Set(cells.values());
  const lost: number[] = [];
  let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
  for (let i = 0; i < xy.length / 2; i++) {
    if (include && !include(i)) continue;
    const x = xy[2 * i]! / w, y = xy[2 * i + 1]! / h;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    bx0 = Math.min(bx0, Math.floor(x));
    bx1 = Math.max(bx1, Math.floor(x));
    by0 = Math.min(by0, Math.floor(y));
    by1 = Math.max(by1, Math.floor(y));
    if (!shown.has(i)) lost.push(i);
  }
  let rings = 1;
  while (rings < SPILL_RINGS && lost.length * ((2 * rings + 3) ** 2 - 1) <= SPILL_PAIRS) rings++;
  const index: number[] = [], keys: number[] = [], order: number[] = [];
  const far = (rings + 1) ** 2 * 2; // over every squared distance a pair can have, in cells
  for (const i of lost) {
    const x = xy[2 * i]! / w, y = xy[2 * i + 1]! / h;
    const cx = Math.floor(x), cy = Math.floor(y);
    for (let dy = Math.max(-rings, by0 - cy); dy <= Math.min(rings, by1 - cy); dy++)
      for (let dx = Math.max(-rings, bx0 - cx); dx <= Math.min(rings, bx1 - cx); dx++) {
        const key = cellKey(cx + dx, cy + dy);
        if (cells.has(key)) continue;
        // Squared distance in 2^20 steps, then the pair's number: one native numeric sort orders the pairs
        // nearest first, ties by point index.
        const d = (x - (cx + dx + 0.5)) ** 2 + (y - (cy + dy + 0.5)) ** 2;
        order.push(Math.floor((d / far) * 2 ** 20) * 2 ** 32 + index.length);
        index.push(i);
        keys.push(key);
      }
  }
  const moved = new Map<number, number>();
  for (const packed of Float64Array.from(order).sort()) {
    const j = packed % 2 ** 32, i = index[j]!, key = keys[j]!;
    if (cells.has(key) || moved.has(i)) continue;
    cells.set(key, i);
    moved.set(i, key);
  }
  return moved;
}

/** The point shown in the cell under (x, y), if any. */
export function pointAt(level: GridLevel, x: number, y: number): number | undefined {
  return level.cells.get(cellKey(Math.floor(x / level.w), Math.floor(y / level.h)));
}

/**
 * The cell point i, at (x, y), is drawn in: its own, or the one nearby it spilled into. It shows there only where
 * `level.cells` holds it (a point that lost its cell and found no empty one shows nowhere).
 */
export function cellOfPoint(level: GridLevel, i: number, x: number, y: number): [number, number] {
  const moved = level.moved.get(i);
  return moved === undefined ? [Math.floor(x / level.w), Math.floor(y / level.h)] : keyCell(moved);
}

/** The occupied cells that overlap a rectangle, row by row. */
export function cellsIn(level: GridLevel, x0: number, y0: number, x1: number, y1: number): GridCell[] {
  const cx0 = Math.floor(Math.min(x0, x1) / level.w), cx1 = Math.ceil(Math.max(x0, x1) / level.w) - 1;
  const cy0 = Math.floor(Math.min(y0, y1) / level.h), cy1 = Math.ceil(Math.max(y0, y1) / level.h) - 1;
  const out: GridCell[] = [];
  // A huge rectangle over a sparse level: walking the occupied cells is cheaper than the grid.
  if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > level.cells.size * 4) {
    for (const [key, index] of level.cells) {
      const [cx, cy] = keyCell(key);
      if (cx >= cx0 && cx <= cx1 && cy >= cy0 && cy <= cy1) out.push({ cx, cy, index });
    }
    return out.sort((a, b) => a.cy - b.cy || a.cx - b.cx);
  }
  for (let cy = cy0; cy <= cy1; cy++)
    for (let cx = cx0; cx <= cx1; cx++) {
      const index = level.cells.get(cellKey(cx, cy));
      if (index !== undefined) out.push({ cx, cy, index });
    }
  return out;
}
