// Features per video and model: videos/<id>/features-<model>.f16, one
// fixed-size float16 record per frame in frame order, appended as computed,
// so a reload resumes at the first frame without a record.
import { decodeHalfs, encodeHalfs } from '../core/float16';
import type { VideoId } from '../core/ids';
import { lockFile } from './framePackWriter';
import { videoDir } from './opfs';

const fileName = (model: string) => `features-${model}.f16`;

export class FeatureWriter {
  private constructor(
    private readonly h: FileSystemSyncAccessHandle,
    private readonly recordBytes: number,
    public count: number,
  ) {}

  /** Opens for appending; a torn last record (crash mid-write) is cut. */
  static async open(id: VideoId, model: string, dim: number): Promise<FeatureWriter> {
    const dir = await videoDir(id, true);
    const h = await lockFile(await dir.getFileHandle(fileName(model), { create: true }));
    const recordBytes = dim * 2;
    const count = Math.floor(h.getSize() / recordBytes);
    h.truncate(count * recordBytes);
    return new FeatureWriter(h, recordBytes, count);
  }

  append(vector: Float32Array): void {
    const bytes = new Uint8Array(encodeHalfs(vector).buffer);
    if (bytes.length !== this.recordBytes) throw new Error(`feature of ${bytes.length / 2} values, store holds ${this.recordBytes / 2}`);
    const n = this.h.write(bytes, { at: this.count * this.recordBytes });
    if (n !== bytes.length) throw new DOMException('short write to feature store', 'QuotaExceededError');
    this.count++;
  }

  close(): void {
    this.h.flush();
    this.h.close();
  }
}

async function featureFile(id: VideoId, model: string): Promise<File | null> {
  try {
    const dir = await videoDir(id, false);
    return await (await dir.getFileHandle(fileName(model))).getFile();
  } catch {
    return null;
  }
}

/** Frames of a video that have features for a model. */
export async function featureCount(id: VideoId, model: string, dim: number): Promise<number> {
  const f = await featureFile(id, model);
  return f ? Math.floor(f.size / (dim * 2)) : 0;
}

/** All stored features of a video, frame-major (count × dim). */
export async function readFeatures(id: VideoId, model: string, dim: number): Promise<{ count: number; data: Float32Array }> {
  const f = await featureFile(id, model);
  if (!f) return { count: 0, data: new Float32Array(0) };
  const count = Math.floor(f.size / (dim * 2));
  const buf = await f.slice(0, count * dim * 2).arrayBuffer();
  return { count, data: decodeHalfs(new Uint16Array(buf)) };
}
