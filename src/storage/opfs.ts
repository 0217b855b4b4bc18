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
 * Deletes a video's stored frames and features; a missing directory is fine.
 * A worker that was just stopped may hold a file lock for a moment: wait for it.
 */
export async function removeVideoFiles(id: VideoId, waitMs = 10_000): Promise<void> {
  const root = await navigator.storage.getDirectory();
  const videos = await root.getDirectoryHandle('videos', { create: true });
  const until = performance.now() + waitMs;
  for (;;) {
    try {
      await videos.removeEntry(id, { recursive: true });
      return;
    } catch (e) {
      const name = (e as DOMException).name;
      if (name === 'NotFoundError') return;
      if (name !== 'NoModificationAllowedError' || performance.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Directory names under /videos: used to find orphans no metadata points at. */
export async function storedVideoIds(): Promise<VideoId[]> {
  const root = await navigator.storage.getDirectory();
  const videos = await root.getDirectoryHandle('videos', { create: true });
  const ids: VideoId[] = [];
  // keys() is in the spec but missing from some DOM typings.
  for await (const name of (videos as unknown as { keys(): AsyncIterable<string> }).keys()) ids.push(name as VideoId);
  return ids;
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
