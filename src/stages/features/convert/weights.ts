// Keras weights as the converter sees them: float32, or uint8 with the
// affine (min, scale) quantisation tfjs uses (value = q × scale + min).
// Kept quantised end to end so the ONNX file stays as small as the source.
export type Weight =
  | { shape: number[]; data: Float32Array }
  | { shape: number[]; q: Uint8Array; min: number; scale: number };

/** Keyed "layer/param", e.g. "conv2d_1/kernel". */
export type WeightMap = Map<string, Weight>;

export const isQuantized = (w: Weight): w is Extract<Weight, { q: Uint8Array }> => 'q' in w;

export function dequantize(w: Weight): Float32Array {
  if (!isQuantized(w)) return w.data;
  const out = new Float32Array(w.q.length);
  for (let i = 0; i < out.length; i++) out[i] = w.q[i]! * w.scale + w.min;
  return out;
}

/** N-d transpose (numpy semantics) of float or quantised data. */
export function transpose(w: Weight, perm: number[]): Weight {
  const { shape } = w;
  const outShape = perm.map((p) => shape[p]!);
  const src = isQuantized(w) ? w.q : w.data;
  const dst = isQuantized(w) ? new Uint8Array(src.length) : new Float32Array(src.length);
  const rank = shape.length;
  const inStrides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= shape[i]!;
  }
  const permStrides = perm.map((p) => inStrides[p]!);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < dst.length; o++) {
    let off = 0;
    for (let d = 0; d < rank; d++) off += idx[d]! * permStrides[d]!;
    dst[o] = src[off]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return isQuantized(w) ? { shape: outShape, q: dst as Uint8Array, min: w.min, scale: w.scale } : { shape: outShape, data: dst as Float32Array };
}

export const reshape = (w: Weight, shape: number[]): Weight => ({ ...w, shape });

/** Reads tfjs layers-format weights (manifest + concatenated shard bytes). */
export function decodeTfjsWeights(
  specs: { name: string; shape: number[]; dtype: string; quantization?: { dtype: string; min: number; scale: number } }[],
  buffer: ArrayBuffer,
): WeightMap {
  const map: WeightMap = new Map();
  let offset = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (s.quantization) {
      if (s.quantization.dtype !== 'uint8') throw new Error(`unsupported quantisation ${s.quantization.dtype} for ${s.name}`);
      map.set(s.name, { shape: s.shape, q: new Uint8Array(buffer.slice(offset, offset + n)), min: s.quantization.min, scale: s.quantization.scale });
      offset += n;
    } else {
      if (s.dtype !== 'float32') throw new Error(`unsupported dtype ${s.dtype} for ${s.name}`);
      map.set(s.name, { shape: s.shape, data: new Float32Array(buffer.slice(offset, offset + n * 4)) });
      offset += n * 4;
    }
  }
  return map;
}
