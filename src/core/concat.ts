// Typed arrays end to end: byte chunks into one buffer, blocks of rows into one matrix.

type Numbers = Uint8Array<ArrayBuffer> | Float32Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

/** The parts, in order, copied into one new array of the given kind. */
export function concat<T extends Numbers>(Kind: new (length: number) => T, parts: readonly ArrayLike<number>[]): T {
  const out = new Kind(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
