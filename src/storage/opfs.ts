// OPFS layout: /videos/<videoId>/frames.pack (images back to back) and
// frames.idx (24-byte records). Only storage/ touches navigator.storage.
import type { VideoId } from '../core/ids';

export const PACK_FILE = 'frames.pack';
export const INDEX_FILE = 'frames.idx';

/** OPFS is what the whole app stands on; without it we say so up front. */
export const opfsAvailable = (): boolean => 'storage' in navigator && typeof navigator.storage.getDirectory === 'function';

export async function videoDir(id: VideoId, create: boolean): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  const videos = await root.getDirectoryHandle('videos', { create: true });
  return videos.getDirectoryHandle(id, { create });
}

/**
 * Runs an OPFS operation, waiting while a worker that was just stopped (or a
 * page that was just reloaded) still holds the file lock.
 */
export async function whileLocked<T>(op: () => Promise<T>, waitMs = 10_000): Promise<T> {
  const until = performance.now() + waitMs;
  for (;;) {
    try {
      return await op();
    } catch (e) {
      if ((e as DOMException).name !== 'NoModificationAllowedError' || performance.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Reads from a snapshot of a file that may still grow (a File from getFile(): its reads fail with NotReadableError
 * once the file changed), taking a fresh snapshot with `reopen` and reading again.
 */
export async function whileChanging<T>(read: () => Promise<T>, reopen: () => Promise<void>, attempts = 20): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (e) {
      if ((e as DOMException).name !== 'NotReadableError' || attempt >= attempts) throw e;
      await reopen();
    }
  }
}

/** Deletes a video's stored frames and features; a missing directory is fine. */
export async function removeVideoFiles(id: VideoId): Promise<void> {
  const root = await navigator.storage.getDirectory();
  const videos = await root.getDirectoryHandle('videos', { create: true });
  try {
    await whileLocked(() => videos.removeEntry(id, { recursive: true }));
  } catch (e) {
    if ((e as DOMException).name !== 'NotFoundError') throw e;
  }
}

/** Names of a directory's entries (keys() is in the spec but missing from some DOM typings). */
export async function childNames(dir: FileSystemDirectoryHandle): Promise<string[]> {
  const names: string[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  return names;
}

/** Directory names under /videos: used to find orphans no metadata points at. */
export async function storedVideoIds(): Promise<VideoId[]> {
  const root = await navigator.storage.getDirectory();
  const videos = await root.getDirectoryHandle('videos', { create: true });
  return (await childNames(videos)) as VideoId[];
}

export interface StorageFigures {
  usage: number;
  quota: number;
  persisted: boolean;
}

export async function storageFigures(): Promise<StorageFigures> {
  const est = await navigator.storage.estimate();
  const persisted = (await navigator.storage.persisted?.()) ?? false;
  return { usage: est.usage ?? 0, quota: est.quota ?? 0, persisted };
}

/** Ask the browser not to evict our data under storage pressure. */
export async function requestPersistence(): Promise<boolean> {
  return (await navigator.storage.persist?.()) ?? false;
}
