import type { WeightMap } from './weights';

// Helpers shared by the converter tests: seeded random images, layout changes.
export function randomImages(n: number, size: number, seed: number): Float32Array {
  const out = new Float32Array(n * size * size * 3);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = ((x >>> 0) % 25600) / 100;
  }
  return out;
}

export function toNchw(nhwc: Float32Array, n: number, size: number): Float32Array {
  const out = new Float32Array(nhwc.length);
  const plane = size * size;
  for (let b = 0; b < n; b++)
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++) out[b * 3 * plane + c * plane + p] = nhwc[(b * plane + p) * 3 + c]!;
  return out;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Plausible random weights (He-like kernels, BN near identity) for the given Keras weight shapes. */
export function syntheticWeights(shapes: Map<string, number[]>, seed: number): WeightMap {
  let s = seed;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const map: WeightMap = new Map();
  for (const [name, shape] of shapes) {
    const n = shape.reduce((a, b) => a * b, 1);
    const fanIn = shape.length === 4 ? shape[0]! * shape[1]! * (name.endsWith('depthwise_kernel') ? 1 : shape[2]!) : 1;
    const param = name.split('/')[1]!;
    const data = new Float32Array(n).map(() => {
      if (param === 'gamma') return 1 + 0.1 * rnd();
      if (param === 'moving_variance') return 1 + 0.5 * Math.abs(rnd());
      if (param === 'beta' || param === 'moving_mean') return 0.1 * rnd();
      return rnd() * Math.sqrt(3 / fanIn);
    });
    map.set(name, { shape, data });
  }
  return map;
}
