// A video's sound: videos/<id>/audio.ulaw (mono μ-law at a fixed rate, sample 0
// at the frames' time 0), audio.json (what it holds, written last: no
// description, no sound), and sound.f32 (descriptors per stored frame, computed
// from the sound and the frames' times; again when the frames grow, gone when the sound is decoded again).
import type { VideoId } from '../core/ids';
import { lockFile } from './framePackWriter';
import { videoDir } from './opfs';

const AUDIO_FILE = 'audio.ulaw';
const AUDIO_META = 'audio.json';
const SOUND_FILE = 'sound.f32';

export interface StoredAudio {
  /** samples per second */
  rate: number;
  samples: number;
  /** the loudest tenth of a second's level, dBFS; null for digital silence: a silent track is said so */
  peakDb: number | null;
  /** which decoder read it */
  path: 'webcodecs' | 'ffmpeg';
  codec: string;
}

/** Bytes gathered before a write: a decoder's outputs are ~20 ms each, and a write per output costs more than decoding. */
const CHUNK = 1 << 18;

/** Streams a video's sound into OPFS (worker only: sync access handle). */
export class AudioWriter {
  samples = 0;
  private readonly pending = new Uint8Array(CHUNK);
  private filled = 0;
  private written = 0;
  private constructor(private readonly handle: FileSystemSyncAccessHandle, private readonly dir: FileSystemDirectoryHandle) {}

  static async open(id: VideoId): Promise<AudioWriter> {
    const dir = await videoDir(id, true);
    // descriptors of an earlier decode go with it
    await Promise.all([AUDIO_META, SOUND_FILE].map((n) => dir.removeEntry(n).catch(() => undefined)));
    const handle = await lockFile(await dir.getFileHandle(AUDIO_FILE, { create: true }));
    handle.truncate(0);
    return new AudioWriter(handle, dir);
  }

  write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length;) {
      const n = Math.min(bytes.length - at, CHUNK - this.filled);
      this.pending.set(bytes.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === CHUNK) this.drain();
    }
    this.samples += bytes.length;
  }

  private drain(): void {
    const n = this.handle.write(this.pending.subarray(0, this.filled), { at: this.written });
    if (n !== this.filled) throw new DOMException('short write to the sound file', 'QuotaExceededError');
    this.written += n;
    this.filled = 0;
  }

  /** Closes the file and writes its description, which makes it the video's sound. */
  async finish(meta: Omit<StoredAudio, 'samples'>): Promise<StoredAudio> {
    this.drain();
    this.handle.flush();
    this.handle.close();
    const full = { ...meta, samples: this.samples };
    const w = await (await this.dir.getFileHandle(AUDIO_META, { create: true })).createWritable();
    await w.write(JSON.stringify(full));
    await w.close();
    return full;
  }

  /** Gives up: the partial file goes. */
  async abandon(): Promise<void> {
    try {
      this.handle.close();
    } catch {
      // already closed
    }
    await this.dir.removeEntry(AUDIO_FILE).catch(() => undefined);
  }
}

async function readFile(id: VideoId, name: string): Promise<File | null> {
  try {
    return await (await (await videoDir(id, false)).getFileHandle(name)).getFile();
  } catch {
    return null;
  }
}

/** The stored sound's description, null when the video has none stored. */
export async function readAudioMeta(id: VideoId): Promise<StoredAudio | null> {
  const f = await readFile(id, AUDIO_META);
  return f ? (JSON.parse(await f.text()) as StoredAudio) : null;
}

/** The stored sound's μ-law bytes (read its description first: without one, the bytes are not a finished sound). */
export async function readAudioBytes(id: VideoId): Promise<Uint8Array | null> {
  const f = await readFile(id, AUDIO_FILE);
  return f ? new Uint8Array(await f.arrayBuffer()) : null;
}

/** Header of sound.f32: version, frames, dim. */
const HEAD = 3;

export async function readSoundRows(id: VideoId, version: number): Promise<{ frames: number; dim: number; rows: Float32Array } | null> {
  const f = await readFile(id, SOUND_FILE);
  if (!f) return null;
  const all = new Float32Array(await f.arrayBuffer());
  if (all.length < HEAD || all[0] !== version) return null;
  const [frames, dim] = [all[1]!, all[2]!];
  if (all.length !== HEAD + frames * dim) return null;
  return { frames, dim, rows: all.subarray(HEAD) };
}

export async function writeSoundRows(id: VideoId, version: number, dim: number, rows: Float32Array): Promise<void> {
  const all = new Float32Array(HEAD + rows.length);
  all.set([version, rows.length / dim, dim]);
  all.set(rows, HEAD);
  const w = await (await (await videoDir(id, true)).getFileHandle(SOUND_FILE, { create: true })).createWritable();
  await w.write(all);
  await w.close();
}
