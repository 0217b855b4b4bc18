// Scene changes as change points of a video's feature time series: binary
// segmentation under a piecewise-constant model (each scene has a mean vector;
// cost = squared distance of its frames to that mean). Prefix sums make a
// segment's cost O(dim), so splitting n frames into k scenes is O(k·n·dim).

class SegmentCost {
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;

  constructor(rows: Float32Array, private readonly dim: number) {
    const n = rows.length / dim;
    this.sums = new Float64Array((n + 1) * dim);
    this.squares = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      let sq = 0;
      for (let j = 0; j < dim; j++) {
        const v = rows[i * dim + j]!;
        this.sums[(i + 1) * dim + j] = this.sums[i * dim + j]! + v;
        sq += v * v;
      }
      this.squares[i + 1] = this.squares[i]! + sq;
    }
  }

  /** Sum of squared distances of rows [a, b) to their mean. */
  cost(a: number, b: number): number {
    if (b - a < 2) return 0;
    let norm = 0;
    for (let j = 0; j < this.dim; j++) {
      const s = this.sums[b * this.dim + j]! - this.sums[a * this.dim + j]!;
      norm += s * s;
    }
    return this.squares[b]! - this.squares[a]! - norm / (b - a);
  }
}

interface Split {
  at: number;
  gain: number;
}

function bestSplit(c: SegmentCost, a: number, b: number): Split | null {
  if (b - a < 2) return null;
  const whole = c.cost(a, b);
  let best: Split | null = null;
  for (let t = a + 1; t < b; t++) {
    const gain = whole - c.cost(a, t) - c.cost(t, b);
    if (!best || gain > best.gain) best = { at: t, gain };
  }
  return best;
}

/**
 * Start indices of up to `k` scenes (the first is 0), ascending. Splits stop early
 * when what is left is flat: a split must remove at least `minGain` of the total cost.
 */
export function changePoints(rows: Float32Array, dim: number, k: number, minGain = 0.01): number[] {
  const n = rows.length / dim;
  if (n === 0) return [];
  const c = new SegmentCost(rows, dim);
  const total = c.cost(0, n);
  const segments: { a: number; b: number; split: Split | null }[] = [{ a: 0, b: n, split: bestSplit(c, 0, n) }];
  while (segments.length < k) {
    let pick = -1;
    segments.forEach((s, i) => {
      if (s.split && (pick < 0 || s.split.gain > segments[pick]!.split!.gain)) pick = i;
    });
    if (pick < 0) break;
    const { a, b, split } = segments[pick]!;
    if (split!.gain <= minGain * total) break;
    segments.splice(pick, 1, { a, b: split!.at, split: bestSplit(c, a, split!.at) }, { a: split!.at, b, split: bestSplit(c, split!.at, b) });
  }
  return segments.map((s) => s.a);
}
