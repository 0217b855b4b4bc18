// Stored groups and the layout's rows: the groups are kept per video and frame (a layout's rows move as videos
// grow), laid out again as the layout's rows now; and names given by hand carried to a refit's groups.
import { lineage, type Group } from './clustering';

export interface LayoutVideoRows {
  id: string;
  frames: number;
}

/** Frames that the stored groups do not cover (placed since): to be put into groups. */
export const MISSING = -2;

export interface StoredRows {
  videos: readonly LayoutVideoRows[];
  /** each stored video's frames' finest group, in `videos` order */
  frameGroups: Int32Array;
}

/** The stored groups as the layout's rows now; rows they do not cover are MISSING. */
export function groupsByRow(s: StoredRows, videos: readonly LayoutVideoRows[]): Int32Array {
  const blocks = new Map<string, { start: number; frames: number }>();
  let at = 0;
  for (const v of s.videos) {
    if (!blocks.has(v.id)) blocks.set(v.id, { start: at, frames: v.frames });
    at += v.frames;
  }
  const out = new Int32Array(videos.reduce((n, v) => n + v.frames, 0)).fill(MISSING);
  let row = 0;
  for (const v of videos) {
    const b = blocks.get(v.id);
    if (b) out.set(s.frameGroups.subarray(b.start, b.start + Math.min(b.frames, v.frames)), row);
    row += v.frames;
  }
  return out;
}

type Named = Group & { custom?: boolean };

/**
 * Names given by hand (`custom`) before a refit, moved to the new group that best matches the old one's frames
 * (Jaccard overlap over 0.5, counting each group with the groups below it). Changes `after.groups` in place.
 */
export function carryNames(before: StoredRows & { groups: readonly Named[] }, after: StoredRows & { groups: Named[] }): void {
  const named = before.groups.filter((g) => g.custom);
  if (!named.length) return;
  const old = groupsByRow(before, after.videos);
  const members = (groups: readonly Group[], labels: Int32Array) => {
    const out = groups.map(() => new Set<number>());
    labels.forEach((g, r) => {
      if (g >= 0) for (const x of lineage(groups, g)) out[x]!.add(r);
    });
    return out;
  };
  const oldSets = members(before.groups, old), newSets = members(after.groups, after.frameGroups);
  for (const g of named) {
    const mine = oldSets[g.id]!;
    let best = -1, bestScore = 0.5;
    newSets.forEach((set, n) => {
      let shared = 0;
      for (const r of set) if (mine.has(r)) shared++;
      const jaccard = shared / Math.max(1, mine.size + set.size - shared);
      if (jaccard > bestScore) [best, bestScore] = [n, jaccard];
    });
    if (best >= 0) Object.assign(after.groups[best]!, { name: g.name, custom: true });
  }
}
