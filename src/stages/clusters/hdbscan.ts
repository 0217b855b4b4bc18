// HDBSCAN (Campello, Moulavi & Sander 2013; the `hdbscan` library's steps) on a
// few thousand points: core distances, a minimum spanning tree of the mutual
// reachability graph, the single-linkage tree, the tree condensed by the
// smallest cluster size, and the clusters of excess of mass. It needs no
// cluster count, and points in no dense region are noise (-1). Exact and
// O(m²) in time and memory, so callers give it a sample (see clustering.ts).

export interface HdbscanOptions {
  /** neighbours that make a point a core point (its density estimate) */
  minSamples: number;
  /** the fewest points a cluster may have */
  minClusterSize: number;
}

export interface HdbscanResult {
  /** cluster per point, 0…clusters−1, or -1 for noise */
  labels: Int32Array;
  clusters: number;
  /** distance to each point's minSamples-th neighbour */
  core: Float32Array;
  /** how long each cluster persists (its excess of mass), for ordering and tests */
  stability: Float64Array;
}

/** Squared-free euclidean distances between all rows (m × m, symmetric). */
export function distanceMatrix(points: Float32Array, dim: number): Float32Array {
  const m = points.length / dim;
  const d = new Float32Array(m * m);
  for (let i = 0; i < m; i++) {
    const a = i * dim;
    for (let j = i + 1; j < m; j++) {
      const b = j * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const t = points[a + k]! - points[b + k]!;
        s += t * t;
      }
      const v = Math.sqrt(s);
      d[i * m + j] = v;
      d[j * m + i] = v;
    }
  }
  return d;
}

/** The k-th smallest value of a row, leaving out the diagonal (quickselect on a copy). */
function kthOther(d: Float32Array, m: number, i: number, k: number, scratch: Float32Array): number {
  let n = 0;
  for (let j = 0; j < m; j++) if (j !== i) scratch[n++] = d[i * m + j]!;
  const want = Math.min(k, n) - 1;
  if (want < 0) return 0;
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const pivot = scratch[(lo + hi) >> 1]!;
    let a = lo, b = hi;
    while (a <= b) {
      while (scratch[a]! < pivot) a++;
      while (scratch[b]! > pivot) b--;
      if (a <= b) {
        const t = scratch[a]!;
        scratch[a++] = scratch[b]!;
        scratch[b--] = t;
      }
    }
    if (want <= b) hi = b;
    else if (want >= a) lo = a;
    else break;
  }
  return scratch[want]!;
}

/** Prim's algorithm on the dense mutual reachability graph: m−1 edges, sorted by weight. */
function mutualReachabilityTree(d: Float32Array, core: Float32Array, m: number): { a: Int32Array; b: Int32Array; w: Float64Array } {
  const inTree = new Uint8Array(m);
  const best = new Float64Array(m).fill(Infinity);
  const from = new Int32Array(m);
  const edges: { a: number; b: number; w: number }[] = [];
  let cur = 0;
  inTree[0] = 1;
  for (let step = 1; step < m; step++) {
    let next = -1, nextW = Infinity;
    const cc = core[cur]!;
    for (let j = 0; j < m; j++) {
      if (inTree[j]) continue;
      const w = Math.max(d[cur * m + j]!, cc, core[j]!);
      if (w < best[j]!) {
        best[j] = w;
        from[j] = cur;
      }
      if (best[j]! < nextW) {
        nextW = best[j]!;
        next = j;
      }
    }
    inTree[next] = 1;
    edges.push({ a: from[next]!, b: next, w: nextW });
    cur = next;
  }
  edges.sort((x, y) => x.w - y.w);
  return { a: Int32Array.from(edges, (e) => e.a), b: Int32Array.from(edges, (e) => e.b), w: Float64Array.from(edges, (e) => e.w) };
}

interface LinkageTree {
  /** node m+i joins left[i] and right[i] (points are nodes 0…m−1) at dist[i] */
  left: Int32Array;
  right: Int32Array;
  dist: Float64Array;
  size: Int32Array;
}

/** Single-linkage merges from the sorted tree edges (union–find). */
function linkage(edges: { a: Int32Array; b: Int32Array; w: Float64Array }, m: number): LinkageTree {
  const parent = Int32Array.from({ length: 2 * m - 1 }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const size = new Int32Array(2 * m - 1).fill(1);
  const out: LinkageTree = { left: new Int32Array(m - 1), right: new Int32Array(m - 1), dist: new Float64Array(m - 1), size: new Int32Array(m - 1) };
  for (let i = 0; i < m - 1; i++) {
    const ra = find(edges.a[i]!), rb = find(edges.b[i]!);
    const node = m + i;
    parent[ra] = node;
    parent[rb] = node;
    size[node] = size[ra]! + size[rb]!;
    out.left[i] = ra;
    out.right[i] = rb;
    out.dist[i] = edges.w[i]!;
    out.size[i] = size[node]!;
  }
  return out;
}

/**
 * The condensed tree: clusters (numbered from 0, the root first) born where both sides of a split keep at least
 * `minClusterSize` points; elsewhere points fall out of their cluster. λ = 1 / distance.
 */
function condense(tree: LinkageTree, m: number, minClusterSize: number) {
  const sizeOf = (node: number) => (node < m ? 1 : tree.size[node - m]!);
  const clusterParent: number[] = [-1];
  const birth: number[] = [0];
  /** per point: the cluster it fell out of and when */
  const pointCluster = new Int32Array(m);
  const pointLambda = new Float64Array(m);
  /** per cluster: its excess of mass, Σ (λ leaving − λ born) over its points and child clusters */
  const stability: number[] = [0];
  const leaves = (node: number, out: number[]) => {
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (n < m) out.push(n);
      else stack.push(tree.left[n - m]!, tree.right[n - m]!);
    }
  };
  const fallOut = (node: number, cluster: number, lambda: number) => {
    const pts: number[] = [];
    leaves(node, pts);
    for (const p of pts) {
      pointCluster[p] = cluster;
      pointLambda[p] = lambda;
      stability[cluster]! += lambda - birth[cluster]!;
    }
  };
  // A tiny floor on distances: identical frames would otherwise give λ = ∞.
  const top = tree.dist.length ? tree.dist[tree.dist.length - 1]! : 1;
  const floor = Math.max(top, 1e-12) * 1e-6;
  const stack: [number, number][] = m > 1 ? [[2 * m - 2, 0]] : [];
  if (m === 1) {
    pointCluster[0] = 0;
    pointLambda[0] = Infinity;
  }
  while (stack.length) {
    const [node, cluster] = stack.pop()!;
    const i = node - m;
    const l = tree.left[i]!, r = tree.right[i]!;
    const lambda = 1 / Math.max(tree.dist[i]!, floor);
    const ls = sizeOf(l), rs = sizeOf(r);
    if (ls >= minClusterSize && rs >= minClusterSize) {
      for (const [child, size] of [[l, ls], [r, rs]] as const) {
        const id = clusterParent.length;
        clusterParent.push(cluster);
        birth.push(lambda);
        stability.push(0);
        stability[cluster]! += (lambda - birth[cluster]!) * size;
        stack.push([child, id]);
      }
    } else {
      if (ls < minClusterSize) fallOut(l, cluster, lambda);
      else stack.push([l, cluster]);
      if (rs < minClusterSize) fallOut(r, cluster, lambda);
      else stack.push([r, cluster]);
    }
  }
  return { clusterParent, stability, pointCluster, pointLambda };
}

/** Clusters by excess of mass: a cluster is kept unless its children together are more stable. Never the root. */
function selectClusters(clusterParent: number[], stability: number[]): boolean[] {
  const n = clusterParent.length;
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let c = 1; c < n; c++) children[clusterParent[c]!]!.push(c);
  const selected = Array.from({ length: n }, (_, c) => c > 0);
  const score = [...stability];
  const unselectBelow = (c: number) => {
    const stack = [...children[c]!];
    while (stack.length) {
      const x = stack.pop()!;
      selected[x] = false;
      stack.push(...children[x]!);
    }
  };
  // Children are numbered after their parents: going down the numbers visits every child before its parent.
  for (let c = n - 1; c > 0; c--) {
    const below = children[c]!.reduce((s, x) => s + score[x]!, 0);
    if (children[c]!.length && below > score[c]!) {
      selected[c] = false;
      score[c] = below;
    } else unselectBelow(c);
  }
  return selected;
}

export function hdbscan(points: Float32Array, dim: number, opts: HdbscanOptions): HdbscanResult {
  const m = points.length / dim;
  if (m === 0) return { labels: new Int32Array(0), clusters: 0, core: new Float32Array(0), stability: new Float64Array(0) };
  const d = distanceMatrix(points, dim);
  const core = new Float32Array(m);
  const scratch = new Float32Array(m);
  for (let i = 0; i < m; i++) core[i] = kthOther(d, m, i, opts.minSamples, scratch);
  const labels = new Int32Array(m).fill(-1);
  if (m < 2 * opts.minClusterSize) {
    // Too few points to split: one group if there are enough for one, else all noise.
    if (m >= opts.minClusterSize) labels.fill(0);
    return { labels, clusters: labels[0] === 0 ? 1 : 0, core, stability: new Float64Array(labels[0] === 0 ? 1 : 0) };
  }
  const tree = linkage(mutualReachabilityTree(d, core, m), m);
  const { clusterParent, stability, pointCluster } = condense(tree, m, opts.minClusterSize);
  const selected = selectClusters(clusterParent, stability);
  const chosen = selected.flatMap((s, c) => (s ? [c] : []));
  if (!chosen.length) {
    // The root never splits into two big enough parts: the whole sample is one group.
    labels.fill(0);
    return { labels, clusters: 1, core, stability: Float64Array.of(stability[0]!) };
  }
  const number = new Map(chosen.map((c, k) => [c, k]));
  // A point belongs to the selected cluster it fell out of, or to a selected ancestor of that cluster.
  const owner = new Int32Array(clusterParent.length).fill(-1);
  for (let c = 0; c < clusterParent.length; c++) {
    for (let x = c; x > 0; x = clusterParent[x]!) {
      if (selected[x]) {
        owner[c] = number.get(x)!;
        break;
      }
    }
  }
  for (let p = 0; p < m; p++) labels[p] = owner[pointCluster[p]!]!;
  return { labels, clusters: chosen.length, core, stability: Float64Array.from(chosen, (c) => stability[c]!) };
}
