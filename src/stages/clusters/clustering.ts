// Groups of frames in feature space (the layout's PCA features as the search
// compares them, not the 2-D map): HDBSCAN on an evenly spread sample finds
// the fine groups and noise, the groups' centres are agglomerated (average
// linkage) into coarse groups where the merge heights show a clear gap, and
// every frame takes the group of its nearest sample frame. The fitted model
// (sample, its groups, core distances) is kept, so frames placed later join
// the existing groups without clustering again.
import { hdbscan } from './hdbscan';

/** PCA axes used for distances: the leading ones carry most of the variance, and the cost grows with each. */
export const CLUSTER_DIMS = 64;
/** HDBSCAN is O(m²): frames beyond this are placed by their nearest sample frame. */
export const MAX_SAMPLE = 3000;
/** A frame further than this many core distances from its nearest sample frame is noise. */
const REACH = 2;
/** Coarse groups only where the next merge is this much higher than the last one (a clear gap). */
const GAP = 1.5;

export interface Group {
  id: number;
  /** -1 for a top-level group */
  parent: number;
  children: number[];
  /** default name: A, B, … at the top, A1, A2, … below */
  name: string;
  /** the sample frame nearest the group's centre (an index into the model's sample) */
  typical: number;
}

export interface ClusterModel {
  dim: number;
  /** m × dim sample rows (the leading axes of unit rows) */
  sample: Float32Array;
  /** finest group of each sample row, or -1 for noise */
  sampleGroup: Int32Array;
  core: Float32Array;
  groups: Group[];
  minClusterSize: number;
}

/** Leading `dim` values of each row of `from` values. */
export function leadingAxes(rows: Float32Array, from: number, dim: number): Float32Array {
  if (dim >= from) return rows;
  const n = rows.length / from;
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) out.set(rows.subarray(i * from, i * from + dim), i * dim);
  return out;
}

/**
 * The smallest fine group, in sample frames. At least 8: a scene (one shot, a few seconds at the usual sampling)
 * is then too short to be cut in two; large libraries are not shattered into hundreds of groups.
 */
export function minClusterSizeFor(sample: number): number {
  return Math.max(8, Math.round(sample / 150));
}

/** Column-wise means of the rows with each label (0…k−1). */
function centres(rows: Float32Array, dim: number, labels: Int32Array, k: number): { mean: Float64Array; count: Int32Array } {
  const mean = new Float64Array(k * dim);
  const count = new Int32Array(k);
  labels.forEach((g, i) => {
    if (g < 0) return;
    count[g]!++;
    for (let j = 0; j < dim; j++) mean[g * dim + j]! += rows[i * dim + j]!;
  });
  for (let g = 0; g < k; g++) for (let j = 0; j < dim; j++) mean[g * dim + j]! /= Math.max(1, count[g]!);
  return { mean, count };
}

function dist(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) {
    const t = a[ao + j]! - b[bo + j]!;
    s += t * t;
  }
  return Math.sqrt(s);
}

/**
 * Average-linkage agglomeration of k items (weighted by size) cut at the clearest gap: returns each item's coarse
 * group (0…g−1), or null when there is no clear gap (or too few items to group).
 */
export function coarseGroups(mean: Float64Array, count: Int32Array, dim: number): Int32Array | null {
  const k = count.length;
  if (k < 3) return null;
  // Distances between live clusters, updated by the Lance–Williams rule for average linkage.
  const d = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) d[a * k + b] = d[b * k + a] = dist(mean, a * dim, mean, b * dim, dim);
  const size = Float64Array.from(count, (c) => Math.max(1, c));
  const alive = new Uint8Array(k).fill(1);
  const member = Int32Array.from({ length: k }, (_, i) => i);
  const heights: number[] = [];
  const merges: [number, number][] = [];
  for (let step = 0; step < k - 1; step++) {
    let ba = -1, bb = -1, best = Infinity;
    for (let a = 0; a < k; a++) {
      if (!alive[a]) continue;
      for (let b = a + 1; b < k; b++) if (alive[b] && d[a * k + b]! < best) [best, ba, bb] = [d[a * k + b]!, a, b];
    }
    heights.push(best);
    merges.push([ba, bb]);
    for (let c = 0; c < k; c++) {
      if (!alive[c] || c === ba || c === bb) continue;
      const v = (size[ba]! * d[ba * k + c]! + size[bb]! * d[bb * k + c]!) / (size[ba]! + size[bb]!);
      d[ba * k + c] = d[c * k + ba] = v;
    }
    size[ba]! += size[bb]!;
    alive[bb] = 0;
  }
  // After i merges there are k − i groups; look for the largest jump between merge i−1 and merge i.
  let cut = -1, ratio = GAP;
  for (let i = k - Math.ceil(k / 2); i <= k - 2; i++) {
    const r = heights[i]! / Math.max(heights[i - 1]!, 1e-12);
    if (i >= 1 && r >= ratio) [cut, ratio] = [i, r];
  }
  if (cut < 0) return null;
  for (let i = 0; i < cut; i++) {
    const [a, b] = merges[i]!;
    for (let x = 0; x < k; x++) if (member[x] === b) member[x] = a;
  }
  const numbers = new Map<number, number>();
  return Int32Array.from(member, (m) => {
    if (!numbers.has(m)) numbers.set(m, numbers.size);
    return numbers.get(m)!;
  });
}

/**
 * HDBSCAN leaves the thin ends of a group as noise: the first and last frames of a pan, where the frames are
 * sparser than in the middle. A noise frame within reach of a member (the same rule that places every other
 * frame) joins that member's group; frames far from every group stay noise.
 */
function rescueEdges(sample: Float32Array, dim: number, labels: Int32Array, core: Float32Array): void {
  const m = labels.length;
  const members = [...labels.keys()].filter((i) => labels[i]! >= 0);
  const joins: [number, number][] = [];
  for (let i = 0; i < m; i++) {
    if (labels[i]! >= 0) continue;
    let best = -1, bestD = Infinity;
    for (const j of members) {
      const d = dist(sample, i * dim, sample, j * dim, dim);
      if (d < bestD) [best, bestD] = [j, d];
    }
    if (best >= 0 && bestD <= REACH * core[best]!) joins.push([i, labels[best]!]);
  }
  for (const [i, g] of joins) labels[i] = g;
}

/** A, B, …, Z, AA, AB, … */
export function letters(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Fits the groups on sample rows (`from` values each, unit length): fine groups by HDBSCAN, coarse ones by the
 * clearest gap above them. Groups are numbered biggest first, top level before their children.
 */
export function fitClusters(rows: Float32Array, from: number, dims = CLUSTER_DIMS): ClusterModel {
  const dim = Math.min(from, dims);
  const sample = leadingAxes(rows, from, dim);
  const m = sample.length / dim;
  const minClusterSize = minClusterSizeFor(m);
  const fit = hdbscan(sample, dim, { minSamples: Math.min(minClusterSize, 10), minClusterSize });
  rescueEdges(sample, dim, fit.labels, fit.core);
  const k = fit.clusters;
  const { mean, count } = centres(sample, dim, fit.labels, k);
  // The typical frame: the member nearest its group's centre.
  const typicalOf = (labels: Int32Array, g: number, mu: Float64Array): number => {
    let best = -1, bestD = Infinity;
    labels.forEach((l, i) => {
      if (l !== g) return;
      const dd = dist(sample, i * dim, mu, g * dim, dim);
      if (dd < bestD) [best, bestD] = [i, dd];
    });
    return best;
  };
  const coarse = coarseGroups(mean, count, dim);
  const groups: Group[] = [];
  const sampleGroup = new Int32Array(m).fill(-1);
  const bySize = (ids: number[], sizes: ArrayLike<number>) => [...ids].sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  if (!coarse) {
    bySize(Array.from({ length: k }, (_, g) => g), count).forEach((g, rank) => {
      groups.push({ id: rank, parent: -1, children: [], name: letters(rank), typical: typicalOf(fit.labels, g, mean) });
      fit.labels.forEach((l, i) => l === g && (sampleGroup[i] = rank));
    });
  } else {
    const top = Math.max(...coarse) + 1;
    const topLabels = Int32Array.from(fit.labels, (l) => (l < 0 ? -1 : coarse[l]!));
    const topCentres = centres(sample, dim, topLabels, top);
    const topOrder = bySize(Array.from({ length: top }, (_, c) => c), topCentres.count);
    topOrder.forEach((c, rank) => groups.push({ id: rank, parent: -1, children: [], name: letters(rank), typical: typicalOf(topLabels, c, topCentres.mean) }));
    topOrder.forEach((c, rank) => {
      const fines = bySize(Array.from({ length: k }, (_, g) => g).filter((g) => coarse[g] === c), count);
      fines.forEach((g, j) => {
        const id = groups.length;
        groups[rank]!.children.push(id);
        groups.push({ id, parent: rank, children: [], name: `${letters(rank)}${j + 1}`, typical: typicalOf(fit.labels, g, mean) });
        fit.labels.forEach((l, i) => l === g && (sampleGroup[i] = id));
      });
    });
  }
  return { dim, sample, sampleGroup, core: fit.core, groups, minClusterSize };
}

/**
 * The finest group of each row (`from` values, unit length): its nearest sample frame's group, or noise (-1) when
 * that frame is noise or lies further than a few of its core distances away.
 */
export function assignRows(model: ClusterModel, rows: Float32Array, from: number): Int32Array {
  const { dim, sample, core, sampleGroup } = model;
  const m = sample.length / dim;
  const n = rows.length / from;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * from;
    let best = -1, bestD = Infinity;
    for (let s = 0; s < m; s++) {
      let acc = 0;
      const so = s * dim;
      for (let j = 0; j < dim && acc < bestD; j++) {
        const t = rows[o + j]! - sample[so + j]!;
        acc += t * t;
      }
      if (acc < bestD) [best, bestD] = [s, acc];
    }
    out[i] = best >= 0 && Math.sqrt(bestD) <= REACH * core[best]! ? sampleGroup[best]! : -1;
  }
  return out;
}

/** The group and every group above it, finest first. */
export function lineage(groups: readonly Group[], id: number): number[] {
  const out: number[] = [];
  for (let g = id; g >= 0; g = groups[g]!.parent) out.push(g);
  return out;
}
