// A first look through ffmpeg.wasm, for the files the fast path cannot take (AVI, MPEG-2, WMV, …). Pure: the
// worker runs the command lines. ffprobe lists the video packets (demuxing only, no decoding); the fast path's
// denseFrames and chooseLook pick the frames from that list; each is then decoded alone: a seek to a little
// before its key frame, and `select` on its time. Times are on the dense pass's clock (showinfo's pts_time:
// -copyts -start_at_zero keeps pts minus the start time after a seek, as a run from the start prints it), so
// a look frame is the very frame the dense pass keeps later, found by its time.
import { FRAME_DEVICE, filterGraph, imageCodecArgs, type FrameSeek } from './ffmpegArgs';
import { chooseLook, denseFrames, resumePlan, type PacketInfo } from './firstLook';
import type { Sampling, SamplingParams } from './sampling';

export const PACKETS_OUT = '/packets.csv';

/**
 * Seconds decoded before a look frame's key frame: MPEG-TS and MPEG-PS seek by byte position and can land a
 * GOP late; starting earlier costs a few frames and makes `select` find the frame anyway.
 */
export const SEEK_MARGIN = 1;

const BASE = ['-nostdin', '-hide_banner', '-nostats'];
const VIDEO_ONLY = ['-map', '0:v:0', '-an', '-sn', '-dn'];

/** A video packet as ffprobe lists it. */
export interface ProbedPacket {
  /** presentation time, seconds; null where the container gives none (AVI's B-frames, some MPEG-PS packets) */
  pts: number | null;
  dts: number | null;
  size: number;
  key: boolean;
  /** marked to be discarded after decoding (an edit list's pre-roll) */
  discard: boolean;
}

/** ffprobe: every packet of the first video stream, as `pts_time,dts_time,size,flags` (csv, in that order). */
export function packetArgs(inputPath: string): string[] {
  return ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,dts_time,size,flags', '-of', 'csv=p=0', inputPath, '-o', PACKETS_OUT];
}

export function parsePackets(csv: string): ProbedPacket[] {
  const seconds = (s: string | undefined) => (s && Number.isFinite(Number(s)) ? Number(s) : null);
  const out: ProbedPacket[] = [];
  for (const line of csv.split('\n')) {
    const [pts, dts, size, flags = ''] = line.trim().split(',');
    if (size === undefined) continue;
    out.push({ pts: seconds(pts), dts: seconds(dts), size: Number(size) || 0, key: flags.includes('K'), discard: flags.includes('D') });
  }
  return out;
}

/**
 * The frames the decoder will show, in presentation times (`fps`: the stream's rate). Empty packets (AVI's
 * "dropped frame" chunks) and discarded ones show nothing. Where every packet has its presentation time, those
 * are the frames' times, variable rate and all. Where some lack one (AVI's B-frames; MPEG-PS, which gives only
 * some packets a time and whose decode times repeat presentation times), counting them would drift: the
 * frames are then laid on the rate's grid, key frames where their times fall. Keyframes-only sees key frames.
 */
export function shownFrames(packets: readonly ProbedPacket[], fps: number | null, keyframesOnly = false): PacketInfo[] {
  const real = packets.filter((p) => p.size > 0 && !p.discard && (p.pts ?? p.dts) !== null && (!keyframesOnly || p.key));
  const at = (p: ProbedPacket) => (p.pts ?? p.dts)!;
  if (keyframesOnly || !fps || fps <= 0 || real.every((p) => p.pts !== null)) return real.map((p) => ({ timestamp: at(p), key: p.key }));
  const start = real.reduce((m, p) => Math.min(m, at(p)), Infinity);
  const grid: PacketInfo[] = real.map((_, i) => ({ timestamp: start + i / fps, key: false }));
  for (const p of real) if (p.key) grid[Math.min(grid.length - 1, Math.max(0, Math.round((at(p) - start) * fps)))]!.key = true;
  return grid;
}

/** ffmpeg: the first frame the dense pass would see, through showinfo (its time fixes the clock). */
export function firstFrameArgs(inputPath: string, keyframesOnly = false): string[] {
  return [
    ...BASE, '-v', 'info',
    ...(keyframesOnly ? ['-skip_frame', 'nokey'] : []),
    '-i', inputPath, ...VIDEO_ONLY,
    '-frames:v', '1', '-vf', 'showinfo', '-f', 'null', '-',
  ];
}

/**
 * The look's frames: the dense rule over the packet list, shifted onto the dense pass's clock (its first frame
 * is at `firstFrameTime`), `budget` of them spread over the video, each with where to seek from.
 */
export function planLook(packets: readonly PacketInfo[], firstFrameTime: number, rule: Sampling, budget: number, fps: number | null): FrameSeek[] {
  if (!packets.length) return [];
  const sorted = [...packets].sort((a, b) => a.timestamp - b.timestamp);
  const offset = sorted[0]!.timestamp - firstFrameTime;
  const keys = sorted.filter((p) => p.key).map((p) => p.timestamp);
  // Half a frame: the frame at the target whatever the rounding of the printed times, and never the next one.
  const tolerance = 0.5 / (fps && fps > 0 ? fps : 25);
  return chooseLook(denseFrames(sorted, offset, rule), budget).map((f) => {
    const key = keyAtOrBefore(keys, f.timestamp) ?? f.timestamp;
    return { from: Math.max(0, key - offset - SEEK_MARGIN), target: f.t, tolerance };
  });
}

/**
 * Where a dense pass cut off goes on: the stored times must be the rule's first frames on the dense pass's clock
 * (within half a frame: ffprobe's and showinfo's printed times round apart), else null and it starts over.
 * `seek` is null when every frame is stored already.
 */
export function planResume(
  packets: readonly PacketInfo[], firstFrameTime: number, rule: Sampling, stored: ArrayLike<number>, fps: number | null,
): { from: number; seek: FrameSeek | null } | null {
  if (!packets.length) return null;
  const sorted = [...packets].sort((a, b) => a.timestamp - b.timestamp);
  const offset = sorted[0]!.timestamp - firstFrameTime;
  const tolerance = 0.5 / (fps && fps > 0 ? fps : 25);
  const plan = resumePlan(denseFrames(sorted, offset, rule), stored, tolerance);
  if (!plan) return null;
  if (!plan.next) return { from: plan.from, seek: null };
  const keys = sorted.filter((p) => p.key).map((p) => p.timestamp);
  const key = keyAtOrBefore(keys, plan.next.timestamp) ?? plan.next.timestamp;
  return { from: plan.from, seek: { from: Math.max(0, key - offset - SEEK_MARGIN), target: plan.next.t, tolerance } };
}

function keyAtOrBefore(sortedKeys: readonly number[], t: number): number | null {
  let lo = 0, hi = sortedKeys.length - 1, best: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sortedKeys[mid]! <= t) {
      best = sortedKeys[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * ffmpeg: one look frame, scaled and encoded as the dense pass does, into the frame device. One thread each for
 * decoder, filters and encoder: a few frames gain nothing from more, and the multi-threaded core hands its threads
 * back to its pool only between runs, when the event loop turns.
 */
export function seekArgs(inputPath: string, s: FrameSeek, p: SamplingParams): string[] {
  const at = (x: number) => Math.max(0, x).toFixed(6);
  return [
    ...BASE, '-v', 'info',
    '-threads', '1', '-filter_threads', '1',
    ...(p.keyframesOnly ? ['-skip_frame', 'nokey'] : []),
    '-ss', at(s.from), '-copyts', '-start_at_zero',
    '-i', inputPath, ...VIDEO_ONLY,
    '-frames:v', '1',
    '-vf', filterGraph(p, null, `gte(t\\,${at(s.target - s.tolerance)})`),
    '-fps_mode', 'passthrough',
    ...imageCodecArgs(p), '-threads', '1',
    '-f', 'image2pipe', FRAME_DEVICE,
  ];
}
