// The persisted description of one video in the library, and the pure rules
// for how it changes (so they are unit-tested without a browser).
import type { ErrorCode } from '../core/errors';
import type { VideoId } from '../core/ids';
import type { DecodePath, LookState, SamplingParams, VideoProbe } from '../stages/ingest';
import { isSilentPeak } from '../stages/sound/silence';

export type VideoStatus = 'queued' | 'decoding' | 'done' | 'partial' | 'error' | 'cancelled' | 'interrupted';

export interface VideoRecord {
  id: VideoId;
  name: string;
  /** folder path when added from a folder, e.g. "summer/day1" */
  folder: string | null;
  size: number;
  lastModified: number;
  fingerprint: string;
  addedAt: number;
  params: SamplingParams;
  status: VideoStatus;
  reason: string | null;
  errorCode: ErrorCode | null;
  probe: VideoProbe | null;
  expectedFrames: number | null;
  frames: number;
  bytes: number;
  thumbWidth: number | null;
  thumbHeight: number | null;
  decodeSeconds: number | null;
  /** which decoder ingested it (absent in records from before there were two) */
  decodePath?: DecodePath | null;
  /** why that one, as the row shows it */
  decodeReason?: string | null;
  /** frames an earlier pass, cut off by a reload, had stored and the last pass went on after */
  resumedFrom?: number | null;
  /** pictures its last pass did not need to decode (not kept, and nothing refers to them) */
  leftOut?: number | null;
  /** its first look (frames stored as `<id>~look`, see stages/ingest/firstLook.ts); absent when it had none */
  look?: VideoLook | null;
  /** its sound track, read after its frames; absent: not read (added before sound was, or cut off: read when the file is added again) */
  sound?: VideoSound | null;
}

export interface VideoSound {
  /** none: the file has no sound track */
  state: 'decoding' | 'done' | 'none' | 'failed';
  seconds: number;
  /** the loudest tenth of a second, dBFS; null: digital silence */
  peakDb: number | null;
  path: DecodePath | null;
  codec: string | null;
  /** why ffmpeg.wasm read it (when it did), or why it failed */
  reason: string | null;
  /** seconds the read took (absent while reading) */
  decodeSeconds?: number;
}

export const isSilent = (s: VideoSound): boolean => s.state === 'done' && isSilentPeak(s.peakDb);

/** A sound read cut off by a reload is read again when the file is added again. */
export const recoverSound = (s: VideoSound | null | undefined): VideoSound | null => (s && s.state !== 'decoding' ? s : null);

/** What the library row says of the sound. */
export function soundLabel(s: VideoSound | null | undefined): string {
  if (!s) return 'sound not read: add the file again to read it';
  if (s.state === 'decoding') return `reading the sound…${s.seconds ? ` ${Math.round(s.seconds)} s` : ''}`;
  if (s.state === 'none') return 'no sound track';
  if (s.state === 'failed') return `sound not read: ${s.reason ?? 'unknown error'}`;
  return isSilent(s) ? 'silent sound track' : `sound ${Math.round(s.seconds)} s${s.codec ? ` · ${s.codec}` : ''}`;
}

export interface VideoLook {
  frames: number;
  planned: number;
  state: LookState;
  reason: string | null;
}

export const isActive = (s: VideoStatus): boolean => s === 'queued' || s === 'decoding';
export const hasFrames = (r: VideoRecord): boolean => r.frames > 0;

/** A re-added file restarts a video only if it never finished. */
export const canRestart = (s: VideoStatus): boolean => s === 'error' || s === 'cancelled' || s === 'interrupted';

/** Errors no restart can fix: the bytes themselves are not a video. */
const HOPELESS: readonly (ErrorCode | null)[] = ['empty-file', 'not-video', 'no-video-stream'];

/** Whether a Restart button makes sense for this record. */
export const worthRestarting = (r: VideoRecord): boolean => canRestart(r.status) && !HOPELESS.includes(r.errorCode);

export function newRecord(
  id: VideoId,
  file: { name: string; size: number; lastModified: number },
  folder: string | null,
  fp: string,
  params: SamplingParams,
  now: number,
): VideoRecord {
  return {
    id, name: file.name, folder, size: file.size, lastModified: file.lastModified, fingerprint: fp, addedAt: now, params,
    status: 'queued', reason: null, errorCode: null, probe: null, expectedFrames: null,
    frames: 0, bytes: 0, thumbWidth: null, thumbHeight: null, decodeSeconds: null, decodePath: null, decodeReason: null,
  };
}

/**
 * What a record becomes after a reload, given how many frames storage really
 * holds. Work that was under way is interrupted (it restarts cleanly when the
 * file is available again); finished work must still be in storage.
 */
export function recoverRecord(r: VideoRecord, storedFrames: number): VideoRecord {
  if (isActive(r.status)) {
    return {
      ...r, status: 'interrupted', frames: storedFrames, bytes: 0,
      reason: storedFrames > 0
        ? `interrupted by a reload after ${storedFrames} frames: add the file again to go on from there`
        : 'interrupted by a reload before it finished: add the file again to restart it',
      errorCode: null,
    };
  }
  if ((r.status === 'done' || r.status === 'partial') && storedFrames < r.frames) {
    return {
      ...r, status: storedFrames > 0 ? 'partial' : 'error', frames: storedFrames,
      reason: `${r.frames - storedFrames} of ${r.frames} stored frames are missing (browser storage was cleared or evicted)`,
      errorCode: 'storage',
    };
  }
  return { ...r, frames: Math.min(r.frames, storedFrames) };
}

/** A first look after a reload: one cut off is over, with the frames it stored (they are real frames, kept). */
export function recoverLook(look: VideoLook | null | undefined, storedFrames: number): VideoLook | null {
  if (!look) return null;
  if (look.state === 'decoding') return { ...look, frames: storedFrames, state: 'failed', reason: 'cut off by a reload' };
  return look.frames > storedFrames ? { ...look, frames: storedFrames } : look;
}

/** A short one-line summary of a set of videos for the status bar. */
export interface LibrarySummary { total: number; done: number; active: number; decoding: number; failed: number; frames: number }

export function summarize(videos: readonly VideoRecord[]): LibrarySummary {
  let done = 0, active = 0, decoding = 0, failed = 0, frames = 0;
  for (const v of videos) {
    if (v.status === 'done' || v.status === 'partial') done++;
    else if (isActive(v.status)) {
      active++;
      if (v.status === 'decoding') decoding++;
    } else if (v.status === 'error') failed++;
    frames += v.frames;
  }
  return { total: videos.length, done, active, decoding, failed, frames };
}

/** The status line's queue: "decoding D, Q queued", or "Q queued" while none decodes yet (a drop held for its first look). */
export function queueLine(s: Pick<LibrarySummary, 'active' | 'decoding'>): string {
  const queued = `${s.active - s.decoding} queued`;
  return s.decoding ? `decoding ${s.decoding}, ${queued}` : queued;
}
