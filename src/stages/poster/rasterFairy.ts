// Gapless grid assignment in the spirit of RasterFairy: every point gets a
// cell of its own while neighbours stay neighbours. The grid is split in two
// along its longer side, the points are split in the same proportion by that
// coordinate, and each half is solved the same way: O(n log² n). With fewer
// points than cells, the empty cells fall where points are sparse.

/**
 * Points (u, v) in cell units of a columns × rows grid → the cell (row-major)
 * each point gets, or −1 for points left out when there are more points than cells
 * (those farthest from the grid's centre go first).
 */
export function rasterFairyAssign(points: readonly (readonly [number, number])[], columns: number, rows: number): number[] {
  const out = new Array<number>(points.length).fill(-1);
  let ids = points.map((_, i) => i);
  const cells = columns * rows;
  if (ids.length > cells) {
    const d = (i: number) => (points[i]![0] - columns / 2) ** 2 + (points[i]![1] - rows / 2) ** 2;
    ids = ids.sort((a, b) => d(a) - d(b) || a - b).slice(0, cells);
  }
  split(points, ids, 0, 0, columns, rows, columns, out);
  return out;
}

function split(points: readonly (readonly [number, number])[], ids: number[], c0: number, r0: number, w: number, h: number, columns: number, out: number[]): void {
  if (!ids.length) return;
  if (w * h === 1) {
    out[ids[0]!] = r0 * columns + c0;
    return;
  }
  const alongU = w >= h;
  const axis = alongU ? 0 : 1;
  const half = Math.floor((alongU ? w : h) / 2);
  const firstCells = (alongU ? half * h : w * half), total = w * h;
  // The first part gets its share of the points, never more than it has cells, nor leaves the second part too many.
  const take = Math.min(firstCells, Math.max(ids.length - (total - firstCells), Math.round((ids.length * firstCells) / total)));
  const sorted = [...ids].sort((a, b) => points[a]![axis] - points[b]![axis] || a - b);
  const first = sorted.slice(0, take), second = sorted.slice(take);
  if (alongU) {
    split(points, first, c0, r0, half, h, columns, out);
    split(points, second, c0 + half, r0, w - half, h, columns, out);
  } else {
    split(points, first, c0, r0, w, half, columns, out);
    split(points, second, c0, r0 + half, w, h - half, columns, out);
  }
}
