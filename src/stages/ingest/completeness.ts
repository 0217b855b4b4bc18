// Did a decode that ended without an error reach the end of the file? Judged
// from what was read, not from how many pictures came out: a variable-rate AVI's
// header counts its empty "dropped frame" chunks as frames (444 entries, 68 pictures),
// so a count of pictures against it calls a complete file truncated.
import type { DecodeStats } from './ffmpegLog';
import type { Sampling } from './sampling';

export interface DecodeOutcome {
  sampling: Sampling;
  /** packets the container's header announces (nb_frames), null when it does not say */
  headerPackets: number | null;
  /** seconds, from the header */
  duration: number | null;
  /** nominal frame rate, for the gap every-Nth sampling leaves at the end */
  fps: number | null;
  /** ffmpeg's closing counts, null when the log did not have them */
  stats: DecodeStats | null;
  /** source time of the last kept frame, null when none was kept */
  lastTime: number | null;
}

/** Why the decode looks cut short, or null when it read the whole file. */
export function stoppedEarly(o: DecodeOutcome): string | null {
  if (o.headerPackets !== null && o.stats !== null) {
    return o.stats.packets < o.headerPackets * 0.9 - 1
      ? `decoding stopped early: read ${o.stats.packets} of ${o.headerPackets} packets (truncated file?)`
      : null;
  }
  if (o.duration === null || o.lastTime === null) return null;
  // Without a packet count: the last kept frame should lie within one sampling step of the end,
  // with room for a still ending of a fifth of the file (variable-rate sources).
  const step = o.sampling.mode === 'fps' ? 1 / o.sampling.fps : o.sampling.n / (o.fps ?? 25);
  const reached = o.lastTime + step;
  return reached < o.duration * 0.8 - 1
    ? `decoding stopped early at ${reached.toFixed(1)} s of ${o.duration.toFixed(1)} s (truncated file?)`
    : null;
}
