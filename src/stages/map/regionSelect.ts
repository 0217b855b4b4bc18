// Frames inside a rectangle or a lasso drawn on the map.
export type Polygon = ReadonlyArray<readonly [number, number]>;

/** Even–odd rule; points on an edge may fall either way. */
export function insidePolygon(x: number, y: number, poly: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!, [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function rectPolygon(x0: number, y0: number, x1: number, y1: number): Polygon {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

/** Indices of the points (x, y pairs) inside the polygon, in index order. */
export function pointsInside(xy: ArrayLike<number>, poly: Polygon, include?: (i: number) => boolean): number[] {
  if (poly.length < 3) return [];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of poly) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  const out: number[] = [];
  for (let i = 0; i < xy.length / 2; i++) {
    const x = xy[2 * i]!, y = xy[2 * i + 1]!;
    if (x < x0 || x > x1 || y < y0 || y > y1 || (include && !include(i))) continue;
    if (insidePolygon(x, y, poly)) out.push(i);
  }
  return out;
}
