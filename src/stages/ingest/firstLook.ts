// The first look: a few real frames spread over every video of a drop, shown as a map long before the
// dense pass ends. They are chosen among the frames the dense pass keeps (same sampling rule over the
// same timestamps), so they are the library's own frames, never extra ones; and, where possible, at key
// frames, which decode on their own. Pure: the worker feeds it the demuxer's packet table.
import { FrameSampler } from './frameSampler';
import type { Sampling } from './sampling';
import { sourceTime } from './sourceTime';

/** Frames over the whole drop by default: about what features and a layout take 15–20 s for on 2 CPU cores. */
export const LOOK_BUDGET = 96;
/** A drop shorter than this gets no first look: its dense pass is about as quick. */
export const LOOK_MIN_SECONDS = 90;
/** Fewest frames a video of the drop gets, however short: a video must be somewhere on the first map. */
export const LOOK_MIN_PER_VIDEO = 4;

export interface PacketInfo {
  /** the container's presentation timestamp, seconds */
  timestamp: number;
  key: boolean;
}

export interface DenseFrame {
  /** source time, as the dense pass stores it */
  t: number;
  /** the packet's own timestamp (what to ask the demuxer for) */
  timestamp: number;
  /** frames from the preceding key frame to this one, in presentation order: 0 for a key frame */
  cost: number;
}

/**
 * The frames the dense pass keeps, from the packet table: presentation order, the edit list's pre-roll left out,
 * the sampling rule applied as the decoder would (one picture per packet). Frames before the first key frame
 * cannot be decoded alone and are not offered.
 */
export function denseFrames(packets: readonly PacketInfo[], offset: number, rule: Sampling, decodableOnly = true): DenseFrame[] {
  const sorted = [...packets].sort((a, b) => a.timestamp - b.timestamp);
  const sampler = new FrameSampler(rule);
  const out: DenseFrame[] = [];
  let sinceKey = Infinity;
  for (const p of sorted) {
    sinceKey = p.key ? 0 : sinceKey + 1;
    const t = sourceTime(p.timestamp, offset);
    if (t === null) continue;
    if (sampler.keep(t) && (Number.isFinite(sinceKey) || !decodableOnly)) out.push({ t, timestamp: p.timestamp, cost: sinceKey });
  }
  return out;
}

/**
 * Up to `budget` frames spread evenly over time: the span from the first to the last frame is cut into `budget`
 * equal parts, and each part gives its cheapest frame to decode (nearest the part's middle among equals).
 * Parts without a frame give none. In time order.
 */
export function chooseLook(frames: readonly DenseFrame[], budget: number): DenseFrame[] {
  if (budget <= 0 || !frames.length) return [];
  if (frames.length <= budget) return [...frames];
  const t0 = frames[0]!.t;
  const span = frames[frames.length - 1]!.t - t0;
  const width = span / budget;
  const best: (DenseFrame | null)[] = new Array<DenseFrame | null>(budget).fill(null);
  for (const f of frames) {
    const part = width > 0 ? Math.min(budget - 1, Math.floor((f.t - t0) / width)) : 0;
    const mid = t0 + (part + 0.5) * width;
    const b = best[part];
    if (!b || f.cost < b.cost || (f.cost === b.cost && Math.abs(f.t - mid) < Math.abs(b.t - mid))) best[part] = f;
  }
  return best.filter((f): f is DenseFrame => f !== null);
}

/**
 * A drop's budget split between its videos by duration (largest remainders), at least `min` each.
 * A video of unknown duration counts as the median of the others (or 1 s when none is known).
 */
export function splitBudget(durations: readonly (number | null)[], total = LOOK_BUDGET, min = LOOK_MIN_PER_VIDEO): number[] {
  if (!durations.length) return [];
  const known = durations.filter((d): d is number => d !== null && Number.isFinite(d) && d > 0).sort((a, b) => a - b);
  const fallback = known.length ? known[Math.floor(known.length / 2)]! : 1;
  const d = durations.map((x) => (x !== null && Number.isFinite(x) && x > 0 ? x : fallback));
  const sum = d.reduce((a, b) => a + b, 0);
  const spare = Math.max(0, total - min * d.length);
  const exact = d.map((x) => (spare * x) / sum);
  const shares = exact.map((x) => Math.floor(x));
  let left = spare - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i]!++;
    left--;
  }
  return shares.map((s) => s + min);
}

export interface ResumePlan {
  /** frames already stored, kept */
  from: number;
  /** the first frame still to store: decoding starts at the key packet before it */
  next: DenseFrame | null;
  /** source times still to store */
  keep: Set<number>;
}

/**
 * Where a dense pass cut off (a reload, a closed tab) goes on: the stored frames must be the first frames of the
 * same rule (same times, in order, within `tolerance` seconds), else null and it starts over. Pure.
 */
export function resumePlan(dense: readonly DenseFrame[], stored: ArrayLike<number>, tolerance = 0): ResumePlan | null {
  if (stored.length === 0 || stored.length > dense.length) return null;
  for (let i = 0; i < stored.length; i++) if (!(Math.abs(stored[i]! - dense[i]!.t) <= tolerance)) return null;
  const rest = dense.slice(stored.length);
  return { from: stored.length, next: rest[0] ?? null, keep: new Set(rest.map((f) => f.t)) };
}
