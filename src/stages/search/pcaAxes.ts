// The layout's PCA axes (mean, components, scale, from <layout>.model.f32):
// raw feature vectors → the index's space, exactly as training projected
// every frame ((x − mean) · componentsᵀ / scale).

export interface Axes {
  mean: Float32Array;
  /** dim × raw, row-major */
  components: Float32Array;
  raw: number;
  dim: number;
  scale: number;
}

/** The axes at the start of a packed layout model (PCA mean and axes, then encoder weights), or null when too short. */
export function axesFromModel(model: Float32Array | null, raw: number, dim: number, scale: number): Axes | null {
  if (!model || model.length < raw + dim * raw) return null;
  return { mean: model.subarray(0, raw), components: model.subarray(raw, raw + dim * raw), raw, dim, scale };
}

/** Projects `vectors` (rows of `raw` values) into `out` from row `at` on; returns the rows written. */
export function projectRows(axes: Axes, vectors: Float32Array, out: Float32Array, at = 0): number {
  const { raw, dim, mean, components, scale } = axes;
  const n = Math.floor(vectors.length / raw);
  const centred = new Float32Array(raw);
  for (let r = 0; r < n; r++) {
    const o = r * raw;
    for (let j = 0; j < raw; j++) centred[j] = vectors[o + j]! - mean[j]!;
    for (let c = 0; c < dim; c++) {
      const p = c * raw;
      let s = 0;
      for (let j = 0; j < raw; j++) s += centred[j]! * components[p + j]!;
      out[(at + r) * dim + c] = s / scale;
    }
  }
  return n;
}
