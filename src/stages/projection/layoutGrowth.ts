// A layout growing as frames arrive: new videos go at the end; a video the layout holds in part (its dense pass was
// still going when it was placed) gets its further frames after its own rows, so each video's rows stay one run in
// frame order, which everything reading a layout relies on. Pure.

export interface GrowingVideo {
  id: string;
  frames: number;
}

/** Rows [from, to) of a video to place: `from` is what the layout holds of it (0 for a new video). */
export interface Growth {
  id: string;
  from: number;
  to: number;
}

/** What to place of `wanted` (frames each video has features for now): only frames the layout does not hold. */
export function growthOf(held: readonly GrowingVideo[], wanted: readonly GrowingVideo[]): Growth[] {
  const have = new Map(held.map((v) => [v.id, v.frames]));
  return wanted.flatMap((v) => {
    const from = have.get(v.id) ?? 0;
    return v.frames > from ? [{ id: v.id, from, to: v.frames }] : [];
  });
}

/** The layout's videos after a growth: held ones with their new counts, in order, then the new ones. */
export function grownVideos<V extends GrowingVideo>(held: readonly V[], wanted: readonly V[], growth: readonly Growth[]): V[] {
  const to = new Map(growth.map((g) => [g.id, g.to]));
  const known = new Set(held.map((v) => v.id));
  return [
    ...held.map((v) => (to.has(v.id) ? { ...v, frames: to.get(v.id)! } : v)),
    ...wanted.filter((v) => !known.has(v.id) && to.has(v.id)).map((v) => ({ ...v, frames: to.get(v.id)! })),
  ];
}

/**
 * Rows of `width` values per frame (coordinates: 2; search rows: k), one run per held video in order, with each
 * growth's rows (`added[i]` for `growth[i]`, (to − from)·width values) put after its video's run, new videos last.
 */
export function growRows(held: readonly GrowingVideo[], values: Float32Array, width: number, growth: readonly Growth[], added: readonly Float32Array[]): Float32Array {
  const byId = new Map(growth.map((g, i) => [g.id, added[i]!]));
  const known = new Set(held.map((v) => v.id));
  const total = values.length + added.reduce((n, a) => n + a.length, 0);
  const out = new Float32Array(total);
  let src = 0, dst = 0;
  for (const v of held) {
    const run = values.subarray(src, src + v.frames * width);
    out.set(run, dst);
    src += run.length;
    dst += run.length;
    const more = byId.get(v.id);
    if (more) {
      out.set(more, dst);
      dst += more.length;
    }
  }
  for (const [i, g] of growth.entries()) {
    if (known.has(g.id)) continue;
    out.set(added[i]!, dst);
    dst += added[i]!.length;
  }
  if (src !== values.length || dst !== total) throw new Error(`layout rows do not add up: ${src} of ${values.length} read, ${dst} of ${total} written`);
  return out;
}
