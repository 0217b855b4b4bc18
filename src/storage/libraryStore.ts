// Video metadata, file handles and settings in IndexedDB (idb-keyval).
// Frames themselves live in OPFS (see opfs.ts).
import { createStore, del, entries, get, set } from 'idb-keyval';
import type { VideoId } from '../core/ids';

export const kvStore = createStore('frame-atlas', 'kv');
const store = kvStore;

const videoKey = (id: VideoId) => `video:${id}`;
const handleKey = (id: VideoId) => `handle:${id}`;

export async function loadRecords<T>(): Promise<T[]> {
  const all = await entries<string, T>(store);
  return all.filter(([k]) => k.startsWith('video:')).map(([, v]) => v);
}

export const saveRecord = <T>(id: VideoId, record: T): Promise<void> => set(videoKey(id), record, store);
export const deleteRecord = (id: VideoId): Promise<void> => del(videoKey(id), store);

/** A FileSystemFileHandle lets a video be re-read after a reload (when permission is granted). */
export const saveHandle = (id: VideoId, h: FileSystemFileHandle): Promise<void> => set(handleKey(id), h, store);
export const loadHandle = (id: VideoId): Promise<FileSystemFileHandle | undefined> => get(handleKey(id), store);
export const deleteHandle = (id: VideoId): Promise<void> => del(handleKey(id), store);

export const loadSetting = <T>(key: string): Promise<T | undefined> => get(`setting:${key}`, store);
export const saveSetting = <T>(key: string, value: T): Promise<void> => set(`setting:${key}`, value, store);
