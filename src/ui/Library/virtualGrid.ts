// Which cells of a fixed-size grid are in view: the maths behind the
// virtualised contact sheet, kept pure so it is unit-tested.
export interface GridCell {
  index: number;
  x: number;
  y: number;
}

export interface GridRange {
  first: number;
  last: number;
  columns: number;
  totalHeight: number;
  cells: GridCell[];
}

export function visibleRange(count: number, viewW: number, viewH: number, scrollTop: number, stepX: number, stepY: number, overscanRows: number): GridRange {
  const columns = Math.max(1, Math.floor((viewW - 12) / stepX));
  const rows = Math.ceil(count / columns);
  const firstRow = Math.max(0, Math.floor(scrollTop / stepY) - overscanRows);
  const lastRow = Math.min(rows, Math.ceil((scrollTop + viewH) / stepY) + overscanRows);
  const first = Math.min(count, firstRow * columns);
  const last = Math.min(count, lastRow * columns);
  const cells: GridCell[] = [];
  for (let i = first; i < last; i++) cells.push({ index: i, x: (i % columns) * stepX, y: Math.floor(i / columns) * stepY });
  return { first, last, columns, totalHeight: rows * stepY, cells };
}
