// Source times as ffmpeg's showinfo prints them (pts_time), from the demuxer's
// presentation timestamps. ffmpeg shifts every input by its start time (the
// smallest first timestamp over all streams, e.g. 1.4 s for MPEG-TS) unless
// -copyts. In ISO-BMFF (mediabunny applies the edit list's offset) the frames an
// edit list cuts off come out before 0: ffmpeg decodes them as references but
// discards them before the filters, so the select count never sees them; and its
// mov demuxer starts each track at its first *shown* frame, so an edit that begins
// in a gap of a variable-rate track (or a B-frame delay with no edit list) still
// starts at 0. Pure.

export type ContainerKind = 'isobmff' | 'matroska' | 'mpegts';

export interface TrackStart {
  /** timestamp of the track's first packet (decode order), as the demuxer gives it */
  first: number;
  /** smallest timestamp ≥ 0 among the track's first packets: its first shown frame */
  firstShown: number | null;
}

/** Seconds to subtract from every timestamp of the file: ffmpeg's start time over all tracks. */
export function startOffset(kind: ContainerKind, tracks: readonly TrackStart[]): number {
  const starts = tracks.map((t) => (kind === 'isobmff' ? (t.firstShown ?? Math.max(0, t.first)) : t.first)).filter(Number.isFinite);
  return starts.length ? Math.min(...starts) : 0;
}

/** The smallest non-negative value among a track's first presentation timestamps (B-frames reorder a few). */
export function firstShown(timestamps: readonly number[]): number | null {
  let min: number | null = null;
  for (const t of timestamps) if (t >= -1e-6 && (min === null || t < min)) min = Math.max(0, t);
  return min;
}

/**
 * Maps a decoded frame's timestamp to the stored source time, or null for a frame an edit list cuts off.
 * A microsecond of slack: WebCodecs carries integer microseconds.
 */
export function sourceTime(timestamp: number, offset: number): number | null {
  const t = timestamp - offset;
  return t < -1e-6 ? null : Math.max(0, t);
}

/**
 * Exact seconds of the chunks in flight by WebCodecs' integer microseconds, so kept frames store the
 * demuxer's own value (as showinfo's pts_time) rather than a rounded one.
 */
export class ChunkTimes {
  private readonly byMicros = new Map<number, number>();

  put(micros: number, seconds: number): void {
    this.byMicros.set(micros, seconds);
  }

  /** The seconds for a decoded frame's timestamp (removed: each chunk gives at most one frame). */
  take(micros: number): number {
    const s = this.byMicros.get(micros);
    if (s === undefined) return micros / 1e6;
    this.byMicros.delete(micros);
    // Chunks the decoder dropped never come back: forget those far behind the output.
    if (this.byMicros.size > 256) for (const k of this.byMicros.keys()) if (k < micros - 30e6) this.byMicros.delete(k);
    return s;
  }

  get size(): number {
    return this.byMicros.size;
  }
}
