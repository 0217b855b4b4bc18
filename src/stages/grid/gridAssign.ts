// The map's and the poster's tiling: the plane is cut into a grid of cells
// shaped like the thumbnails, and each cell shows the frame nearest its centre
// among the frames that fall inside it. A frame lies in exactly one cell, so no
// frame appears twice at one level; a cell with no frame stays empty.

export interface GridLevel {
  /** cell width and height, in the units of the points */
  w: number;
  h: number;
  /** cellKey(cx, cy) → index of the chosen point */
  cells: Map<number, number>;
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
export function assignGrid(xy: ArrayLike<number>, w: number, h: number, include?: (i: number) => boolean): GridLevel {
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
  return { w, h, cells };
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
