// G.711 μ-law, as ffmpeg's pcm_mulaw writes it: 8 bits a sample with about
// 14 bits of dynamic range. A video's sound is stored this way (half of 16-bit
// PCM), enough for loudness and spectral descriptors.
const BIAS = 0x84;

/** μ-law byte → 16-bit linear value (G.711). */
function ulawToLinear(u: number): number {
  const v = ~u & 0xff;
  const t = ((((v & 0x0f) << 3) + BIAS) << ((v >> 4) & 7));
  return v & 0x80 ? BIAS - t : t - BIAS;
}

const TABLE = Float32Array.from({ length: 256 }, (_, u) => ulawToLinear(u) / 32768);

/** ffmpeg's encoder table (pcm_tablegen.h): each 14-bit value → the code whose level is nearest. */
const ENCODE = (() => {
  const t = new Uint8Array(16384);
  let j = 1;
  t[8192] = 0xff;
  for (let i = 0; i < 127; i++) {
    const v = (ulawToLinear(i ^ 0xff) + ulawToLinear((i + 1) ^ 0xff) + 4) >> 3;
    for (; j < v; j++) {
      t[8192 - j] = i ^ 0x7f;
      t[8192 + j] = i ^ 0xff;
    }
  }
  for (; j < 8192; j++) {
    t[8192 - j] = 127 ^ 0x7f;
    t[8192 + j] = 127 ^ 0xff;
  }
  t[0] = t[1]!;
  return t;
})();

/** Samples in −1…1 → μ-law bytes. */
export function muLawEncode(x: Float32Array): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const s = Math.round(Math.max(-1, Math.min(1, x[i]!)) * 32767);
    out[i] = ENCODE[(s + 32768) >> 2]!;
  }
  return out;
}

/** μ-law bytes → samples in −1…1. */
export function muLawDecode(bytes: Uint8Array, from = 0, to = bytes.length): Float32Array {
  const out = new Float32Array(Math.max(0, to - from));
  for (let i = from; i < to; i++) out[i - from] = TABLE[bytes[i]!]!;
  return out;
}
