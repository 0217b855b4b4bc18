// The index's sound rows (search worker): every indexed frame's sound
// descriptor (stages/sound), read from videos/<id>/sound.f32 or computed from
// the video's stored sound and its frames' times and stored for next time,
// then standardised over the library and made unit length for cosine. A look
// video (`<id>~look`) is described from its owner's sound.
import { isQuotaError } from '../../core/errors';
import { lookOwner } from '../../core/ids';
import { readAudioBytes, readAudioMeta, readSoundRows, writeSoundRows } from '../../storage/audioStore';
import { analysisFrames, frameDescriptors, isSilentPeak, SOUND_DIM, SOUND_VERSION, standardiseRows } from '../sound';
import type { SequenceRef } from './clipMatch';
import type { IndexVideo, SoundState } from './search.protocol';

export interface SoundRows {
  /** unit rows, SOUND_DIM each, zero for videos without sound (no track, or a silent one) */
  rows: Float32Array;
  state: SoundState[];
}

/** One video's raw descriptors (stored, or computed and stored), or null when it has no stored sound. */
async function videoRows(v: IndexVideo, times: ArrayLike<number>): Promise<{ rows: Float32Array; state: SoundState }> {
  const owner = lookOwner(v.id) ?? v.id;
  const meta = await readAudioMeta(owner);
  if (!meta) return { rows: new Float32Array(times.length * SOUND_DIM), state: 'none' };
  const state: SoundState = isSilentPeak(meta.peakDb) ? 'silent' : 'sound';
  const stored = await readSoundRows(v.id, SOUND_VERSION);
  if (stored && stored.frames === times.length && stored.dim === SOUND_DIM) return { rows: stored.rows, state };
  const bytes = await readAudioBytes(owner);
  if (!bytes) return { rows: new Float32Array(times.length * SOUND_DIM), state: 'none' };
  const rows = frameDescriptors(analysisFrames(bytes, meta.rate), meta.rate, times);
  // Not stored means computed again next time: sound search still answers.
  await writeSoundRows(v.id, SOUND_VERSION, SOUND_DIM, rows).catch((e: unknown) => {
    if (!isQuotaError(e)) console.warn('search: sound descriptors not stored', e);
  });
  return { rows, state };
}

/** `videoOf`: each index row's video (its position in `videos`). */
export async function loadSoundRows(videos: IndexVideo[], refs: SequenceRef[], videoOf: Int32Array, emit: (e: { done: number; total: number }) => void): Promise<SoundRows> {
  const n = videoOf.length;
  const raw = new Float32Array(n * SOUND_DIM);
  const state: SoundState[] = [];
  for (const [k, v] of videos.entries()) {
    const { start, times } = refs[k]!;
    // frames the layout holds but storage no longer does (a removed video) stay zero: they match nothing
    const got = await videoRows(v, times);
    raw.set(got.rows.subarray(0, Math.min(v.frames, times.length) * SOUND_DIM), start * SOUND_DIM);
    state.push(got.state);
    emit({ done: start + v.frames, total: n });
  }
  // A silent track has nothing to compare (it would sit beside every steady sound): it is left out as no track is.
  return { rows: standardiseRows(raw, SOUND_DIM, (r) => state[videoOf[r]!] === 'sound'), state };
}

/**
 * Every frame's sound descriptor of each video, standardised over the videos with sound (unit rows), written as the
 * video's feature store of the model `sound` (replacing any earlier one): the layout stage trains on it as on a
 * CNN's features. Videos without sound, or silent, get no store. `times`: each video's frame times (one per row).
 */
export async function writeSoundFeatures(videos: IndexVideo[], times: ArrayLike<number>[], write: (v: IndexVideo, rows: Float32Array) => Promise<void>, emit: (e: { done: number; total: number }) => void): Promise<SoundState[]> {
  // The index's own loading, over just these frames: each video's rows one run after the other.
  let next = 0;
  const refs: SequenceRef[] = times.map((t) => ({ start: (next += t.length) - t.length, times: t }));
  const held = videos.map((v, k) => ({ ...v, frames: times[k]!.length }));
  const videoOf = Int32Array.from(held.flatMap((v, k) => new Array<number>(v.frames).fill(k)));
  const { rows, state } = await loadSoundRows(held, refs, videoOf, emit);
  for (const [k, v] of videos.entries()) {
    const at = refs[k]!.start;
    if (state[k] === 'sound') await write(v, rows.slice(at * SOUND_DIM, (at + held[k]!.frames) * SOUND_DIM));
  }
  return state;
}
