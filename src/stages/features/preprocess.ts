// Canvas RGBA bytes → the model's NCHW float input (RGB 0–255; each model's
// own scaling is inside its graph).
export function rgbaToNchw(rgba: Uint8ClampedArray, size: number, out: Float32Array, offset: number): void {
  const plane = size * size;
  for (let p = 0; p < plane; p++) {
    out[offset + p] = rgba[p * 4]!;
    out[offset + plane + p] = rgba[p * 4 + 1]!;
    out[offset + 2 * plane + p] = rgba[p * 4 + 2]!;
  }
}

/**
 * Per-frame descriptors from per-crop model outputs: [left | right], or the
 * single centre crop twice, so every frame has 2 × dim values.
 */
export function frameVectors(output: Float32Array, dim: number, cropsPerFrame: number[]): Float32Array[] {
  const out: Float32Array[] = [];
  let c = 0;
  for (const n of cropsPerFrame) {
    const v = new Float32Array(2 * dim);
    v.set(output.subarray(c * dim, (c + 1) * dim), 0);
    v.set(output.subarray((c + n - 1) * dim, (c + n) * dim), dim);
    out.push(v);
    c += n;
  }
  return out;
}
