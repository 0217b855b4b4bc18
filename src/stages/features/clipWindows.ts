// A video clip model describes runs of T consecutive sampled frames, not single frames: the stored frames are cut
// into windows (window w holds frames w·T … w·T + T − 1), each window's one feature is stored for every frame it
// holds (so the map, search and layout still have a row per frame), and a window's time span is its first and last
// frame's times. Pure.

export interface ClipWindow {
  index: number;
  first: number;
  /** inclusive */
  last: number;
  /** T frame indices: the window's own, the last repeated where a final window is short */
  frames: number[];
}

/**
 * The windows holding frames from `from` on, of `count` stored: whole windows only, unless the pack is `complete`
 * (a short last window then repeats its last frame; while frames still come, it waits for them).
 */
export function clipWindows(from: number, count: number, frames: number, complete: boolean): ClipWindow[] {
  const out: ClipWindow[] = [];
  for (let w = Math.floor(from / frames); w * frames < count; w++) {
    const first = w * frames, last = Math.min(count, first + frames) - 1;
    if (last - first + 1 < frames && !complete) break;
    out.push({ index: w, first, last, frames: Array.from({ length: frames }, (_, t) => Math.min(first + t, last)) });
  }
  return out;
}

/** Each window's time span (seconds): its first and its last frame's times. */
export function windowSpans(times: ArrayLike<number>, frames: number): { first: number; last: number; start: number; end: number }[] {
  return clipWindows(0, times.length, frames, true).map((w) => ({ first: w.first, last: w.last, start: times[w.first]!, end: times[w.last]! }));
}
