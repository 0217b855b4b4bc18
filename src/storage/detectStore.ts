// A video's detections: videos/<id>/objects.f32 and faces.f32, a block per
// frame looked at (stages/detect/detectionRecords.ts). Appended by the detect
// worker as it goes, so a reload loses at most the frame being written.
import type { VideoId } from '../core/ids';
import { encodeBlock, parseRecords, recordsHeader, type ParsedRecords } from './detectionRecords';
import { lockFile } from './framePackWriter';
import { videoDir } from './opfs';

export type DetectionKind = 'objects' | 'faces';
const fileName = (kind: DetectionKind) => `${kind}.f32`;

/** Appends a video's detections of one kind (worker only: sync access handle). */
export class DetectionWriter {
  private constructor(
    private readonly handle: FileSystemSyncAccessHandle,
    private readonly stride: number,
    /** frames already looked at: the next one to look at */
    public done: number,
    private end: number,
  ) {}

  /** Opens the file to go on after its last whole block (a foreign or torn start: from the beginning). */
  static async open(id: VideoId, kind: DetectionKind, stride: number): Promise<DetectionWriter> {
    const dir = await videoDir(id, true);
    const handle = await lockFile(await dir.getFileHandle(fileName(kind), { create: true }));
    const bytes = new Uint8Array(handle.getSize() - (handle.getSize() % 4));
    handle.read(bytes, { at: 0 });
    const parsed = parseRecords(new Float32Array(bytes.buffer), stride);
    if (parsed.validLength === 0) {
      const head = recordsHeader(stride);
      handle.truncate(0);
      handle.write(head, { at: 0 });
      return new DetectionWriter(handle, stride, 0, head.byteLength);
    }
    handle.truncate(parsed.validLength * 4);
    return new DetectionWriter(handle, stride, parsed.done, parsed.validLength * 4);
  }

  /** Stores frame `frame`'s items (n × stride values); frames come in increasing order. */
  append(frame: number, values: ArrayLike<number>): void {
    if (frame < this.done) throw new Error(`frame ${frame} after ${this.done - 1}`);
    const block = encodeBlock(frame, values, this.stride);
    const n = this.handle.write(block, { at: this.end });
    if (n !== block.byteLength) throw new DOMException('short write to the detections file', 'QuotaExceededError');
    this.end += n;
    this.done = frame + 1;
  }

  close(): void {
    try {
      this.handle.flush();
      this.handle.close();
    } catch {
      // already closed
    }
  }
}

/** A video's stored detections of one kind; null when none are stored. */
export async function readDetections(id: VideoId, kind: DetectionKind, stride: number): Promise<ParsedRecords | null> {
  let file: File;
  try {
    file = await (await (await videoDir(id, false)).getFileHandle(fileName(kind))).getFile();
  } catch {
    return null;
  }
  const buf = await file.arrayBuffer();
  return parseRecords(new Float32Array(buf, 0, buf.byteLength >> 2), stride);
}

export async function removeDetections(id: VideoId, kind: DetectionKind): Promise<void> {
  try {
    await (await videoDir(id, false)).removeEntry(fileName(kind));
  } catch {
    // nothing stored
  }
}
