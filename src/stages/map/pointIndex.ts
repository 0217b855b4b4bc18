// Points bucketed on a square grid, for "which frames lie in this tile" and
// "which frame is under the pointer" without scanning 100,000 points each time.

export class PointIndex {
  private readonly order: Int32Array;
  private readonly starts = new Map<number, [number, number]>();
  private readonly size: number;

  /** `xy`: x, y pairs; `bucket`: bucket edge in the same units. */
  constructor(
    private readonly xy: ArrayLike<number>,
    bucket: number,
    include: (i: number) => boolean = () => true,
  ) {
    this.size = bucket;
    const n = xy.length / 2;
    const keys = new Float64Array(n).fill(NaN);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = xy[2 * i]!, y = xy[2 * i + 1]!;
      if (!include(i) || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      keys[i] = this.key(Math.floor(x / bucket), Math.floor(y / bucket));
      ids.push(i);
    }
    // Sorting by bucket keeps each bucket's points together, and in row order within it.
    ids.sort((a, b) => keys[a]! - keys[b]! || a - b);
    this.order = Int32Array.from(ids);
    for (let s = 0; s < ids.length; ) {
      let e = s + 1;
      while (e < ids.length && keys[ids[e]!] === keys[ids[s]!]) e++;
      this.starts.set(keys[ids[s]!]!, [s, e]);
      s = e;
    }
  }

  private key(bx: number, by: number): number {
    return (bx + 2 ** 25) * 2 ** 26 + (by + 2 ** 25);
  }

  /** Points inside the rectangle, in row order. */
  query(x0: number, y0: number, x1: number, y1: number): number[] {
    const out: number[] = [];
    const bx0 = Math.floor(x0 / this.size), bx1 = Math.floor(x1 / this.size);
    const by0 = Math.floor(y0 / this.size), by1 = Math.floor(y1 / this.size);
    if ((bx1 - bx0 + 1) * (by1 - by0 + 1) > this.starts.size) {
      for (const i of this.order) if (this.inside(i, x0, y0, x1, y1)) out.push(i);
      return out.sort((a, b) => a - b);
    }
    for (let bx = bx0; bx <= bx1; bx++)
      for (let by = by0; by <= by1; by++) {
        const r = this.starts.get(this.key(bx, by));
        if (!r) continue;
        for (let k = r[0]; k < r[1]; k++) if (this.inside(this.order[k]!, x0, y0, x1, y1)) out.push(this.order[k]!);
      }
    return out.sort((a, b) => a - b);
  }

  /** The point nearest (x, y) within `radius`, or −1. */
  nearest(x: number, y: number, radius: number): number {
    let best = -1, bestD = radius * radius;
    for (const i of this.query(x - radius, y - radius, x + radius, y + radius)) {
      const d = (this.xy[2 * i]! - x) ** 2 + (this.xy[2 * i + 1]! - y) ** 2;
      if (d <= bestD) [best, bestD] = [i, d];
    }
    return best;
  }

  private inside(i: number, x0: number, y0: number, x1: number, y1: number): boolean {
    const x = this.xy[2 * i]!, y = this.xy[2 * i + 1]!;
    return x >= x0 && x <= x1 && y >= y0 && y <= y1;
  }
}
