// Features per video and model: videos/<id>/features-<model>.f16, one
// fixed-size float16 record per frame in frame order, appended as computed,
// so a reload resumes at the first frame without a record.
import { decodeHalfs, encodeHalfs } from '../core/float16';
import type { VideoId } from '../core/ids';
import { lockFile } from './framePackWriter';
import { childNames, videoDir, whileLocked } from './opfs';

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
    if (vector.length * 2 !== this.recordBytes) throw new Error(`feature of ${vector.length} values, store holds ${this.recordBytes / 2}`);
    this.appendRows(vector);
  }

  /** Several records at once (row-major), in one write. */
  appendRows(rows: Float32Array): void {
    const bytes = new Uint8Array(encodeHalfs(rows).buffer);
    if (bytes.length % this.recordBytes) throw new Error(`${rows.length} values are not whole records of ${this.recordBytes / 2}`);
    const n = this.h.write(bytes, { at: this.count * this.recordBytes });
    if (n !== bytes.length) throw new DOMException('short write to feature store', 'QuotaExceededError');
    this.count += bytes.length / this.recordBytes;
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

/**
 * Deletes a video's features for every model (its frames were thrown away and are being decoded again), or for one
 * (the model was removed), waiting for an extraction that still holds one of them.
 */
export async function removeFeatureFiles(id: VideoId, model?: string): Promise<void> {
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await videoDir(id, false);
  } catch {
    return; // nothing stored
  }
  for (const name of await childNames(dir)) {
    if (model ? name !== fileName(model) : !name.startsWith('features-')) continue;
    await whileLocked(() => dir.removeEntry(name)).catch((e: unknown) => {
      if ((e as DOMException).name !== 'NotFoundError') throw e;
    });
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

/** A video's feature store opened for reading chunks, in a worker. */
export interface FeatureRows {
  count: number;
  /** Rows [start, start + n) as stored (float16 bits) into `into` (n·dim long); throws when the store holds fewer. */
  readHalfs(start: number, n: number, into: Uint16Array): Promise<void>;
  close(): void;
}

type ReadOnlyHandle = FileSystemFileHandle & { createSyncAccessHandle(options: { mode: 'read-only' }): Promise<FileSystemSyncAccessHandle> };

/**
 * Opens a store for chunked reads. A read-only sync access handle reads without the event loop, so it is not held
 * up while an engine run blocks this thread (a File's arrayBuffer() is, and ran at ~70 MB/s beside PCA); where one
 * cannot be had (the features worker is appending, or an older browser), File slices.
 */
export async function openFeatureRows(id: VideoId, model: string, dim: number): Promise<FeatureRows> {
  const bytes = dim * 2;
  let handle: FileSystemSyncAccessHandle | null = null;
  try {
    const dir = await videoDir(id, false);
    handle = await ((await dir.getFileHandle(fileName(model))) as ReadOnlyHandle).createSyncAccessHandle({ mode: 'read-only' });
  } catch {
    handle = null;
  }
  const f = handle ? null : await featureFile(id, model);
  const count = Math.floor((handle ? handle.getSize() : (f?.size ?? 0)) / bytes);
  return {
    count,
    readHalfs: async (start, n, into) => {
      if (count < start + n) throw new Error(`features for ${count} frames, ${start + n} needed`);
      if (handle) {
        if (handle.read(into, { at: start * bytes }) !== n * bytes) throw new Error('short read from the feature store');
      } else {
        into.set(new Uint16Array(await f!.slice(start * bytes, (start + n) * bytes).arrayBuffer()));
      }
    },
    close: () => handle?.close(),
  };
}
