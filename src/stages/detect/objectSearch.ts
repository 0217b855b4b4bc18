// Search by object class over every video's stored detections: each frame's
// score is its best detection of the class; frames ranked by it, counted per
// video. Also each frame's most confident class, for the map's colouring. Pure.
import { OBJECT_STRIDE, type ParsedRecords } from '../../storage/detectionRecords';
import { OBJECT_CLASSES } from './objectClasses';

/**
 * Detections below this are not counted as the class being there. CenterNet's scores on letterboxed photos: the
 * objects really there 0.5–0.76; the best wrong guesses 0.2–0.3 (a person beside a parked motorcycle, apples in a garden).
 */
export const MIN_OBJECT_SCORE = 0.35;

export interface VideoObjects {
  /** frames looked at */
  done: number;
  detections: ParsedRecords;
}

export interface ObjectHit {
  /** the video's index in the list searched */
  video: number;
  frame: number;
  score: number;
  /** the class's detections in the frame at or above the threshold */
  count: number;
  /** the best detection's box: x, y, w, h in 0–1 of the frame */
  box: [number, number, number, number];
}

export interface VideoCount {
  video: number;
  /** frames holding the class */
  frames: number;
  /** the best score among them */
  best: number;
}

/** Frames holding class `cls` (score ≥ min), best first (ties: video, then frame order), and the count per video. */
export function searchObjects(videos: readonly (VideoObjects | null)[], cls: number, min = MIN_OBJECT_SCORE): { hits: ObjectHit[]; perVideo: VideoCount[] } {
  const hits: ObjectHit[] = [];
  videos.forEach((v, video) => {
    if (!v) return;
    const { frame, items } = v.detections;
    let last: ObjectHit | null = null;
    for (let k = 0; k < frame.length; k++) {
      const o = k * OBJECT_STRIDE;
      if (items[o] !== cls || items[o + 1]! < min) continue;
      const score = items[o + 1]!, box: ObjectHit['box'] = [items[o + 2]!, items[o + 3]!, items[o + 4]!, items[o + 5]!];
      if (last && last.frame === frame[k]) {
        last.count++;
        if (score > last.score) Object.assign(last, { score, box });
      } else hits.push((last = { video, frame: frame[k]!, score, count: 1, box }));
    }
  });
  hits.sort((a, b) => b.score - a.score || a.video - b.video || a.frame - b.frame);
  const counts = new Map<number, VideoCount>();
  for (const h of hits) {
    const c = counts.get(h.video);
    if (c) c.frames++;
    else counts.set(h.video, { video: h.video, frames: 1, best: h.score });
  }
  const perVideo = [...counts.values()].sort((a, b) => b.frames - a.frames || b.best - a.best);
  return { hits, perVideo };
}

/** Each of a video's `frames` frames' most confident class (score ≥ min), -1 where none. */
export function topClasses(v: VideoObjects, frames: number, min = MIN_OBJECT_SCORE): Int16Array {
  const out = new Int16Array(frames).fill(-1), best = new Float32Array(frames);
  const { frame, items } = v.detections;
  for (let k = 0; k < frame.length; k++) {
    const f = frame[k]!, o = k * OBJECT_STRIDE, s = items[o + 1]!;
    if (f < frames && s >= min && s > best[f]!) {
      best[f] = s;
      out[f] = items[o]!;
    }
  }
  return out;
}

/** The set of frames (of `frames`) holding class `cls`: a filter for other searches. */
export function framesWith(v: VideoObjects, cls: number, frames: number, min = MIN_OBJECT_SCORE): Uint8Array {
  const out = new Uint8Array(frames);
  const { frame, items } = v.detections;
  for (let k = 0; k < frame.length; k++) {
    const o = k * OBJECT_STRIDE;
    if (items[o] === cls && items[o + 1]! >= min && frame[k]! < frames) out[frame[k]!] = 1;
  }
  return out;
}

/** Classes found in any frame (score ≥ min), with how many frames hold each, most first. */
export function foundClasses(videos: readonly VideoObjects[], min = MIN_OBJECT_SCORE): { cls: number; label: string; frames: number }[] {
  const frames = new Map<number, number>();
  for (const v of videos) {
    const { frame, items } = v.detections;
    let lastFrame = -1;
    const seen = new Set<number>();
    for (let k = 0; k < frame.length; k++) {
      if (frame[k] !== lastFrame) {
        seen.clear();
        lastFrame = frame[k]!;
      }
      const o = k * OBJECT_STRIDE, cls = items[o]!;
      if (items[o + 1]! < min || seen.has(cls)) continue;
      seen.add(cls);
      frames.set(cls, (frames.get(cls) ?? 0) + 1);
    }
  }
  return [...frames].map(([cls, n]) => ({ cls, label: OBJECT_CLASSES[cls] ?? `class ${cls}`, frames: n })).sort((a, b) => b.frames - a.frames || a.cls - b.cls);
}
