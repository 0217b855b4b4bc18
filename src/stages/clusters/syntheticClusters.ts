// Planted hierarchical clusters for the tests and `npm run bench:clusters`:
// coarse centres, fine centres around each, frames around those, and sparse
// noise among them; rows are unit length like the search index's.
import { normal } from '../../core/random';

export interface PlantedOptions {
  coarse: number;
  finePerCoarse: number;
  perFine: number;
  /** noise rows, as a fraction of the clustered ones */
  noise: number;
  /** how widely noise is scattered around a coarse centre (fine groups lie within 0.35, frames within 0.06) */
  noiseSpread?: number;
  dim: number;
  seed: number;
}

export interface Planted {
  rows: Float32Array;
  dim: number;
  /** per row: coarse and fine truth, -1 for noise */
  coarse: Int32Array;
  fine: Int32Array;
}

export function plantedClusters(o: PlantedOptions): Planted {
  const g = normal(o.seed);
  const clustered = o.coarse * o.finePerCoarse * o.perFine;
  const noise = Math.round(clustered * o.noise);
  const n = clustered + noise;
  const rows = new Float32Array(n * o.dim);
  const coarse = new Int32Array(n).fill(-1);
  const fine = new Int32Array(n).fill(-1);
  const vec = (scale: number, around?: Float64Array) => Float64Array.from({ length: o.dim }, (_, j) => (around ? around[j]! : 0) + scale * g());
  const put = (i: number, v: Float64Array) => {
    const len = Math.hypot(...v) || 1;
    for (let j = 0; j < o.dim; j++) rows[i * o.dim + j] = v[j]! / len;
  };
  const centres: Float64Array[] = [];
  let i = 0;
  for (let c = 0; c < o.coarse; c++) {
    const cc = vec(1);
    centres.push(cc);
    for (let f = 0; f < o.finePerCoarse; f++) {
      const fc = vec(0.35, cc);
      for (let p = 0; p < o.perFine; p++, i++) {
        put(i, vec(0.06, fc));
        coarse[i] = c;
        fine[i] = c * o.finePerCoarse + f;
      }
    }
  }
  // Noise: scattered widely around random coarse centres, far sparser than any cluster.
  for (; i < n; i++) put(i, vec(o.noiseSpread ?? 0.7, centres[Math.floor(Math.abs(g() * 7919)) % o.coarse]));
  return { rows, dim: o.dim, coarse, fine };
}
