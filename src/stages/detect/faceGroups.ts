// Faces grouped into people: descriptors (FaceRes, 1024 values) compared by
// cosine. Measured on portraits: the same face in other frames, crops and
// scales 0.95–0.99; different people 0.37–0.41. A face joins the group whose
// mean is nearest if that mean is at least `threshold` alike, else starts one;
// a second pass puts every face with its nearest final mean, and means alike
// enough are merged. O(faces × groups × dim). Pure.

export const DEFAULT_FACE_THRESHOLD = 0.7;

/** Rows scaled to unit length (a zero row stays zero). */
export function unitRows(desc: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(desc.length);
  for (let i = 0; i < desc.length; i += dim) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += desc[i + j]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) out[i + j] = desc[i + j]! * inv;
  }
  return out;
}

function dot(a: Float32Array, ai: number, b: Float32Array, bi: number, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) s += a[ai + j]! * b[bi + j]!;
  return s;
}

class Means {
  sums: Float32Array;
  unit: Float32Array;
  count = 0;
  constructor(private readonly dim: number, capacity: number) {
    this.sums = new Float32Array(capacity * dim);
    this.unit = new Float32Array(capacity * dim);
  }

  add(rows: Float32Array, i: number, g: number): void {
    const d = this.dim;
    if (g === this.count) this.count++;
    let s = 0;
    for (let j = 0; j < d; j++) s += (this.sums[g * d + j]! += rows[i * d + j]!) ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) this.unit[g * d + j] = this.sums[g * d + j]! * inv;
  }

  nearest(rows: Float32Array, i: number): { g: number; sim: number } {
    let g = -1, sim = -Infinity;
    for (let k = 0; k < this.count; k++) {
      const s = dot(rows, i * this.dim, this.unit, k * this.dim, this.dim);
      if (s > sim) [g, sim] = [k, s];
    }
    return { g, sim };
  }
}

/** Each face's group (0 = the largest); `rows` unit descriptors, `dim` values each. */
export function groupFaces(rows: Float32Array, dim: number, threshold = DEFAULT_FACE_THRESHOLD): Int32Array {
  const n = rows.length / dim;
  const group = new Int32Array(n);
  if (n === 0) return group;
  // leader pass
  const first = new Means(dim, n);
  for (let i = 0; i < n; i++) {
    const { g, sim } = first.nearest(rows, i);
    const to = g >= 0 && sim >= threshold ? g : first.count;
    first.add(rows, i, to);
  }
  // each face with its nearest final mean
  for (let i = 0; i < n; i++) group[i] = first.nearest(rows, i).g;
  // means alike enough are one person (union-find over the means)
  const parent = Int32Array.from({ length: first.count }, (_, k) => k);
  const root = (k: number): number => (parent[k] === k ? k : (parent[k] = root(parent[k]!)));
  for (let a = 0; a < first.count; a++) {
    for (let b = a + 1; b < first.count; b++) {
      if (dot(first.unit, a * dim, first.unit, b * dim, dim) >= threshold) parent[root(b)] = root(a);
    }
  }
  for (let i = 0; i < n; i++) group[i] = root(group[i]!);
  // numbered by size, largest first (ties: first face seen)
  const size = new Map<number, { count: number; first: number }>();
  group.forEach((g, i) => {
    const s = size.get(g);
    if (s) s.count++;
    else size.set(g, { count: 1, first: i });
  });
  const order = [...size].sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first).map(([g]) => g);
  const rank = new Map(order.map((g, k) => [g, k]));
  return group.map((g) => rank.get(g)!);
}

/** Faces (unit rows) ranked by likeness to a unit query, best first, at least `min` alike. */
export function rankFaces(rows: Float32Array, dim: number, query: Float32Array, min: number): { face: number; similarity: number }[] {
  const out: { face: number; similarity: number }[] = [];
  for (let i = 0; i < rows.length / dim; i++) {
    const s = dot(rows, i * dim, query, 0, dim);
    if (s >= min) out.push({ face: i, similarity: s });
  }
  return out.sort((a, b) => b.similarity - a.similarity);
}
