// Keeping the map still across a retrain: the new layout turned about the origin (where the percentile stretch
// centres it), and mirrored where that fits better, to lie closest to the old one on the frames both place
// (orthogonal Procrustes without scaling: both layouts fill the same disc). Stored with the layout's stretch. Pure.
import { transformPoints } from './percentileStretch';

/** The angle (radians) that turns `next` closest to `prev` in least squares; both x, y interleaved, same frames. */
export function alignAngle(prev: Float32Array, next: Float32Array): number {
  let dot = 0, cross = 0;
  for (let i = 0; i + 1 < Math.min(prev.length, next.length); i += 2) {
    dot += next[i]! * prev[i]! + next[i + 1]! * prev[i + 1]!;
    cross += next[i]! * prev[i + 1]! - next[i + 1]! * prev[i]!;
  }
  return dot === 0 && cross === 0 ? 0 : Math.atan2(cross, dot);
}

/** The turn, and whether to mirror first, that bring `next` closest to `prev` (least squares). */
export function alignTransform(prev: Float32Array, next: Float32Array): { angle: number; mirror: boolean; shift: number } {
  const options = [false, true].map((mirror) => {
    const angle = alignAngle(prev, transformPoints(next, { angle: 0, mirror }));
    return { angle, mirror, shift: meanDisplacement(prev, transformPoints(next, { angle, mirror })) };
  });
  return options[0]!.shift <= options[1]!.shift ? options[0]! : options[1]!;
}

/** Mean distance between the same frames in two layouts. */
export function meanDisplacement(prev: Float32Array, next: Float32Array): number {
  const n = Math.min(prev.length, next.length) >> 1;
  let sum = 0;
  for (let i = 0; i < 2 * n; i += 2) sum += Math.hypot(next[i]! - prev[i]!, next[i + 1]! - prev[i + 1]!);
  return n ? sum / n : 0;
}

/**
 * The rows two layouts share, as [prev, next] coordinate pairs: each video both hold (by id), its first
 * `min(frames)` frames. Layout rows run video after video, in each layout's own order.
 */
export function sharedRows(
  prev: { videos: readonly { id: string; frames: number }[]; coords: Float32Array },
  next: { videos: readonly { id: string; frames: number }[]; coords: Float32Array },
): [Float32Array, Float32Array] {
  const starts = (vs: readonly { id: string; frames: number }[]) => {
    const m = new Map<string, { start: number; frames: number }>();
    let at = 0;
    for (const v of vs) {
      m.set(v.id, { start: at, frames: v.frames });
      at += v.frames;
    }
    return m;
  };
  const a = starts(prev.videos), b = starts(next.videos);
  const pa: number[] = [], pb: number[] = [];
  for (const [id, p] of a) {
    const q = b.get(id);
    if (!q) continue;
    for (let i = 0; i < Math.min(p.frames, q.frames); i++) {
      pa.push(prev.coords[2 * (p.start + i)]!, prev.coords[2 * (p.start + i) + 1]!);
      pb.push(next.coords[2 * (q.start + i)]!, next.coords[2 * (q.start + i) + 1]!);
    }
  }
  return [Float32Array.from(pa), Float32Array.from(pb)];
}
