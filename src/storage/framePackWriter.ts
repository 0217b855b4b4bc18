// Append-only writer for a video's frame pack, with sync access handles:
// worker-only, and synchronous so it can run inside ffmpeg's write callback.
import type { VideoId } from '../core/ids';
import { consistentPrefix, decodeIndex, encodeRecord, frameTimes, INDEX_RECORD_BYTES } from './frameIndex';
import { INDEX_FILE, PACK_FILE, videoDir, whileLocked } from './opfs';

/** An exclusive sync handle, waiting for a lock a dying worker still holds. */
export const lockFile = (h: FileSystemFileHandle): Promise<FileSystemSyncAccessHandle> => whileLocked(() => h.createSyncAccessHandle());

export class FramePackWriter {
  private packEnd: number;
  private sinceFlush = 0;

  private constructor(
    private readonly pack: FileSystemSyncAccessHandle,
    private readonly index: FileSystemSyncAccessHandle,
    public count: number,
    packEnd: number,
  ) {
    this.packEnd = packEnd;
  }

  /**
   * Opens (creating) the pack of a video. `restart` empties it; otherwise a
   * torn tail from an earlier crash is cut so index and pack agree.
   */
  static async open(id: VideoId, restart: boolean): Promise<FramePackWriter> {
    const dir = await videoDir(id, true);
    const pack = await lockFile(await dir.getFileHandle(PACK_FILE, { create: true }));
    let index: FileSystemSyncAccessHandle;
    try {
      index = await lockFile(await dir.getFileHandle(INDEX_FILE, { create: true }));
    } catch (e) {
      pack.close();
      throw e;
    }
    if (restart) {
      pack.truncate(0);
      index.truncate(0);
      return new FramePackWriter(pack, index, 0, 0);
    }
    const bytes = new Uint8Array(index.getSize());
    index.read(bytes, { at: 0 });
    const { count, packEnd } = consistentPrefix(decodeIndex(bytes.buffer), pack.getSize());
    index.truncate(count * INDEX_RECORD_BYTES);
    pack.truncate(packEnd);
    return new FramePackWriter(pack, index, count, packEnd);
  }

  /** Appends one image; the index record is written after its bytes, so a crash never indexes missing bytes. */
  append(image: Uint8Array, time: number): void {
    const written = this.pack.write(image, { at: this.packEnd });
    if (written !== image.length) throw new DOMException('short write to frame pack', 'QuotaExceededError');
    this.index.write(encodeRecord(this.packEnd, image.length, time), { at: this.count * INDEX_RECORD_BYTES });
    this.packEnd += image.length;
    this.count++;
    if (++this.sinceFlush >= 32) this.flush();
  }

  /** Source times of the frames stored so far (a resumed dense pass checks they are the rule's first ones). */
  storedTimes(): Float64Array {
    const bytes = new Uint8Array(this.count * INDEX_RECORD_BYTES);
    this.index.read(bytes, { at: 0 });
    return frameTimes(decodeIndex(bytes.buffer));
  }

  /** Empties the pack: a pass that cannot go on from what is stored starts over. */
  clear(): void {
    this.pack.truncate(0);
    this.index.truncate(0);
    this.count = this.packEnd = this.sinceFlush = 0;
  }

  get bytes(): number {
    return this.packEnd;
  }

  flush(): void {
    this.pack.flush();
    this.index.flush();
    this.sinceFlush = 0;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      this.pack.close();
      this.index.close();
    }
  }
}
