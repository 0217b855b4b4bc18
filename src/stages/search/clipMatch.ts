// Which stored video does a short clip come from, and where? The clip's frame
// vectors are compared with every stored frame once (a similarity matrix);
// then, per video, a sliding offset grid scores how well the clip's sequence
// lines up. The clip's samples rarely fall on stored samples, so each clip
// frame reads the similarity at its time interpolated between the two stored
// frames around it. Pure: the worker supplies the matrix.

export interface SequenceRef {
  /** first row of this video in the similarity matrix's columns */
  start: number;
  /** source time (s) of each stored frame, ascending */
  times: ArrayLike<number>;
}

export interface ClipCandidate {
  /** index into the `videos` argument */
  video: number;
  /** source time (s) of the clip's first frame */
  offset: number;
  /** mean cosine similarity of the clip's frames at that offset */
  score: number;
}

export interface ClipMatchOptions {
  /** candidates reported in all */
  top: number;
  /** at most this many separate moments per video */
  perVideo: number;
}

/** Median interval between consecutive times, over one or more time series (1 s when there is none). */
export function medianStep(series: ArrayLike<number>[]): number {
  const d: number[] = [];
  for (const times of series) for (let i = 1; i < times.length; i++) d.push(times[i]! - times[i - 1]!);
  d.sort((a, b) => a - b);
  return d.length ? Math.max(1e-3, d[Math.floor(d.length / 2)]!) : 1;
}

/**
 * Scores every offset of the clip in one video: mean over the clip frames that fall
 * inside the video of the interpolated similarity. Offsets step by a quarter of the
 * stored sampling interval. Returns the grid's first offset, its step and the scores
 * (NaN where too little of the clip overlaps the video).
 */
export function offsetScores(sims: Float32Array, columns: number, clipTimes: ArrayLike<number>, video: SequenceRef): { first: number; step: number; scores: Float32Array } {
  const { start, times } = video;
  const n = times.length;
  const m = clipTimes.length;
  const step = medianStep([times]) / 4;
  const clipSpan = clipTimes[m - 1]! - clipTimes[0]!;
  const t0 = times[0]!, tn = times[n - 1]!;
  // From the clip hanging half off the start to half off the end.
  const first = t0 - clipSpan / 2;
  const count = Math.max(1, Math.floor((tn - clipSpan / 2 - first) / step) + 1);
  const sum = new Float32Array(count);
  const covered = new Uint16Array(count);
  for (let j = 0; j < m; j++) {
    const row = j * columns + start;
    const s = clipTimes[j]! - clipTimes[0]!;
    let i = 0;
    for (let o = 0; o < count; o++) {
      const tau = first + o * step + s;
      if (tau < t0 || tau > tn) continue;
      while (i < n - 2 && times[i + 1]! <= tau) i++;
      const a = times[i]!, b = times[Math.min(i + 1, n - 1)]!;
      const w = b > a ? Math.min(1, Math.max(0, (tau - a) / (b - a))) : 0;
      sum[o] = sum[o]! + (1 - w) * sims[row + i]! + w * sims[row + Math.min(i + 1, n - 1)]!;
      covered[o] = covered[o]! + 1;
    }
  }
  // A short video cannot hold all of a long clip: ask for most of what it could hold.
  let reachable = 0;
  for (let j = 0; j < m; j++) if (clipTimes[j]! - clipTimes[0]! <= tn - t0) reachable++;
  const need = Math.max(1, Math.ceil(0.8 * Math.min(m, reachable)));
  const scores = new Float32Array(count);
  for (let o = 0; o < count; o++) scores[o] = covered[o]! >= need ? sum[o]! / covered[o]! : NaN;
  return { first, step, scores };
}

/** The best offsets of one video, each at least `gap` seconds from a better one. */
function peaks(first: number, step: number, scores: Float32Array, gap: number, count: number): { offset: number; score: number }[] {
  const out: { offset: number; score: number }[] = [];
  const taken = new Uint8Array(scores.length);
  const radius = Math.max(1, Math.round(gap / step));
  for (let p = 0; p < count; p++) {
    let best = -1;
    for (let o = 0; o < scores.length; o++) if (!taken[o] && !Number.isNaN(scores[o]) && (best < 0 || scores[o]! > scores[best]!)) best = o;
    if (best < 0) break;
    out.push({ offset: first + best * step, score: scores[best]! });
    for (let o = Math.max(0, best - radius); o <= Math.min(scores.length - 1, best + radius); o++) taken[o] = 1;
  }
  return out;
}

/**
 * Ranks (video, offset) candidates for a clip. `sims` is clip frames × stored frames
 * (row-major, `columns` wide) of cosine similarities; `clipTimes` the clip frames' times.
 */
export function matchClip(sims: Float32Array, columns: number, clipTimes: ArrayLike<number>, videos: SequenceRef[], opts: ClipMatchOptions = { top: 5, perVideo: 2 }): ClipCandidate[] {
  if (clipTimes.length === 0) return [];
  const clipSpan = clipTimes[clipTimes.length - 1]! - clipTimes[0]!;
  const all: ClipCandidate[] = [];
  videos.forEach((v, video) => {
    if (v.times.length === 0) return;
    const { first, step, scores } = offsetScores(sims, columns, clipTimes, v);
    for (const p of peaks(first, step, scores, Math.max(1, clipSpan), opts.perVideo)) all.push({ video, offset: Math.max(0, p.offset), score: p.score });
  });
  return all.sort((a, b) => b.score - a.score).slice(0, opts.top);
}
