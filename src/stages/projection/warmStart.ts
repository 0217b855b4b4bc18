// A retrain starts from the encoder it replaces. The retrain refits PCA, so the old network's input axes no
// longer apply: the old and new (scaled) PCA coordinates of a frame are related by an affine map, and that map is
// folded into the network's first layer (and the decoder's last), which then computes on new coordinates what it
// computed on old ones. The codes start where the current map's frames lie, and the training refines them.
// Pure: row-major Float32Arrays, as tfjs stores a Dense kernel (in × out).

/** What a layout's PCA keeps: x = (f − mean) · componentsᵀ / scale. */
export interface PcaBasis {
  dim: number;
  k: number;
  mean: Float32Array;
  /** k×dim, row i = i-th axis */
  components: Float32Array;
  scale: number;
}

/**
 * The affine maps between two PCA bases of the same features, through the part of feature space both keep:
 * old ≈ new · toOld + oldShift and new ≈ old · toNew + newShift (row vectors).
 */
export interface BasisChange {
  kNew: number;
  kOld: number;
  /** kNew × kOld */
  toOld: Float32Array;
  oldShift: Float32Array;
  /** kOld × kNew */
  toNew: Float32Array;
  newShift: Float32Array;
}

export function basisChange(next: PcaBasis, prev: PcaBasis): BasisChange {
  if (next.dim !== prev.dim) throw new Error(`PCA bases of different features (${next.dim} and ${prev.dim} values)`);
  const { dim } = next;
  // G = C_new · C_oldᵀ (kNew × kOld): the cosines between the two sets of axes.
  const g = new Float64Array(next.k * prev.k);
  for (let i = 0; i < next.k; i++) {
    const a = next.components.subarray(i * dim, (i + 1) * dim);
    for (let j = 0; j < prev.k; j++) {
      const b = prev.components.subarray(j * dim, (j + 1) * dim);
      let s = 0;
      for (let r = 0; r < dim; r++) s += a[r]! * b[r]!;
      g[i * prev.k + j] = s;
    }
  }
  const toOld = Float32Array.from(g, (v) => (v * next.scale) / prev.scale);
  const toNew = new Float32Array(prev.k * next.k);
  for (let i = 0; i < next.k; i++) for (let j = 0; j < prev.k; j++) toNew[j * next.k + i] = (g[i * prev.k + j]! * prev.scale) / next.scale;
  // The means' difference seen from each basis.
  const shift = (basis: PcaBasis, sign: number) => {
    const out = new Float32Array(basis.k);
    for (let i = 0; i < basis.k; i++) {
      let s = 0;
      for (let r = 0; r < dim; r++) s += (next.mean[r]! - prev.mean[r]!) * basis.components[i * dim + r]!;
      out[i] = (sign * s) / basis.scale;
    }
    return out;
  };
  return { kNew: next.k, kOld: prev.k, toOld, oldShift: shift(prev, 1), toNew, newShift: shift(next, -1) };
}

/** A Dense layer that read old coordinates, made to read new ones: kernel' = toOld · kernel, bias' = oldShift · kernel + bias. */
export function moveInputLayer(kernel: Float32Array, bias: Float32Array, change: BasisChange): { kernel: Float32Array; bias: Float32Array } {
  const units = bias.length;
  if (kernel.length !== change.kOld * units) throw new Error(`a ${change.kOld}-input layer was expected, got ${kernel.length / units}`);
  return {
    kernel: product(change.toOld, change.kNew, change.kOld, kernel, units),
    bias: Float32Array.from(product(change.oldShift, 1, change.kOld, kernel, units), (v, j) => v + bias[j]!),
  };
}

/** A Dense layer that wrote old coordinates, made to write new ones: kernel' = kernel · toNew, bias' = bias · toNew + newShift. */
export function moveOutputLayer(kernel: Float32Array, bias: Float32Array, change: BasisChange): { kernel: Float32Array; bias: Float32Array } {
  if (bias.length !== change.kOld) throw new Error(`a ${change.kOld}-output layer was expected, got ${bias.length}`);
  const units = kernel.length / change.kOld;
  return {
    kernel: product(kernel, units, change.kOld, change.toNew, change.kNew),
    bias: Float32Array.from(product(bias, 1, change.kOld, change.toNew, change.kNew), (v, j) => v + change.newShift[j]!),
  };
}

/** (m×n) · (n×p), row-major. */
function product(a: Float32Array, m: number, n: number, b: Float32Array, p: number): Float32Array {
  const out = new Float32Array(m * p);
  for (let i = 0; i < m; i++)
    for (let t = 0; t < n; t++) {
      const v = a[i * n + t]!;
      if (v === 0) continue;
      for (let j = 0; j < p; j++) out[i * p + j]! += v * b[t * p + j]!;
    }
  return out;
}

/** A network's weights in tfjs' getWeights order (trainable ones first, layer by layer, then batch-norm statistics). */
export type Weights = { data: Float32Array; shape: number[] }[];

/**
 * The stored network moved onto a new basis: the encoder's first kernel and bias (its weights 0 and 1) and, when
 * stored, the decoder's last (at `decoderLast` and after: getWeights puts batch-norm statistics behind it); every
 * other weight (hidden layers, batch-norm statistics) carries over as it is.
 */
export function moveNetwork(encoder: Weights, decoder: Weights | null, decoderLast: number, change: BasisChange): { encoder: Weights; decoder: Weights | null } {
  const [k0, b0] = encoder;
  if (!k0 || !b0) throw new Error('the stored encoder has no first layer');
  const first = moveInputLayer(k0.data, b0.data, change);
  const movedEncoder: Weights = [{ data: first.kernel, shape: [change.kNew, k0.shape[1]!] }, { data: first.bias, shape: b0.shape }, ...encoder.slice(2)];
  const kl = decoder?.[decoderLast], bl = decoder?.[decoderLast + 1];
  if (!decoder || !kl || !bl) return { encoder: movedEncoder, decoder: null };
  const last = moveOutputLayer(kl.data, bl.data, change);
  const movedDecoder = [...decoder];
  movedDecoder.splice(decoderLast, 2, { data: last.kernel, shape: [kl.shape[0]!, change.kNew] }, { data: last.bias, shape: [change.kNew] });
  return { encoder: movedEncoder, decoder: movedDecoder };
}

/** Reads weights of the given shapes from `packed` from `offset` on; null when it holds fewer values. */
export function unpackWeights(packed: Float32Array, offset: number, shapes: readonly number[][]): { weights: Weights; end: number } | null {
  const weights: Weights = [];
  let o = offset;
  for (const shape of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (o + size > packed.length) return null;
    weights.push({ data: packed.slice(o, o + size), shape: [...shape] });
    o += size;
  }
  return { weights, end: o };
}
