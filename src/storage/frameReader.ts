// Random access to a video's stored frames from the main thread: the index is
// read once (24 bytes a frame) and each image is a lazy slice of the pack file,
// so showing frame i costs one small read whatever the video's length.
import type { VideoId } from '../core/ids';
import { consistentPrefix, decodeIndex, recordLength, recordOffset, recordTime, type FrameIndex } from './frameIndex';
import { INDEX_FILE, PACK_FILE, videoDir } from './opfs';

export class FrameReader {
  private constructor(
    private readonly index: FrameIndex,
    private readonly pack: File,
    private readonly mime: string,
    readonly count: number,
  ) {}

  /** Snapshot of what is stored now; open again to see frames appended later. */
  static async open(id: VideoId, mime: string): Promise<FrameReader> {
    let dir: FileSystemDirectoryHandle;
    try {
      dir = await videoDir(id, false);
    } catch {
      return new FrameReader({ count: 0, records: new Float64Array(0) }, new File([], PACK_FILE), mime, 0);
    }
    const [ixFile, pack] = await Promise.all([
      dir.getFileHandle(INDEX_FILE, { create: true }).then((h) => h.getFile()),
      dir.getFileHandle(PACK_FILE, { create: true }).then((h) => h.getFile()),
    ]);
    const index = decodeIndex(await ixFile.arrayBuffer());
    // Only frames whose bytes are really there (a killed worker can leave a torn tail).
    const { count } = consistentPrefix(index, pack.size);
    return new FrameReader(index, pack, mime, count);
  }

  time(i: number): number {
    return recordTime(this.index, i);
  }

  /** The times of a video's first `frames` frames (NaN for any not stored): what the CSV exports list. */
  static async times(id: VideoId, mime: string, frames: number): Promise<Float64Array> {
    const r = await FrameReader.open(id, mime);
    return Float64Array.from({ length: frames }, (_, i) => (i < r.count ? r.time(i) : NaN));
  }

  /** The encoded image of frame i, as a Blob that reads from OPFS on demand. */
  blob(i: number): Blob {
    if (i < 0 || i >= this.count) throw new RangeError(`frame ${i} of ${this.count}`);
    const off = recordOffset(this.index, i);
    return this.pack.slice(off, off + recordLength(this.index, i), this.mime);
  }

  /**
   * Frame i read into memory. Use this for display: a lazy slice of a pack
   * that is still being appended to becomes unreadable once the file changes.
   */
  async image(i: number): Promise<Blob> {
    return new Blob([await this.blob(i).arrayBuffer()], { type: this.mime });
  }
}

/**
 * Readers opened once per video and kept, for code that reads many frames of a
 * few videos (map tiles, posters, the inspector). clear() forgets them, e.g.
 * when the videos behind them may have changed.
 */
export class FrameReaderCache {
  private readonly readers = new Map<VideoId, Promise<FrameReader>>();

  get(id: VideoId, mime: string): Promise<FrameReader> {
    let r = this.readers.get(id);
    if (!r) {
      r = FrameReader.open(id, mime);
      this.readers.set(id, r);
    }
    return r;
  }

  clear(): void {
    this.readers.clear();
  }
}
