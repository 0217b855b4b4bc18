// The whole project at once, for bundles (stages/share): every file under the
// OPFS root and every metadata entry. Files are walked and written by path
// (`videos/<id>/frames.pack`); the rest of storage/ keeps its own layouts.
import { clear, entries, setMany } from 'idb-keyval';
import { childNames, whileLocked } from './opfs';
import { kvStore } from './libraryStore';

export interface ProjectFile {
  /** path under the OPFS root, `/`-separated */
  path: string;
  handle: FileSystemFileHandle;
}

/** Every file under the OPFS root whose path `keep` accepts, depth first, in name order (so bundles are stable). */
export async function listProjectFiles(keep: (path: string) => boolean): Promise<ProjectFile[]> {
  const out: ProjectFile[] = [];
  const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
    for (const name of (await childNames(dir)).sort()) {
      const path = prefix ? `${prefix}/${name}` : name;
      let sub: FileSystemDirectoryHandle | null = null;
      try {
        sub = await dir.getDirectoryHandle(name);
      } catch {
        // a file
      }
      if (sub) await walk(sub, path);
      else if (keep(path)) out.push({ path, handle: await dir.getFileHandle(name) });
    }
  };
  await walk(await navigator.storage.getDirectory(), '');
  return out;
}

/** A writable for a file at `path`, its folders made on the way; it replaces the file when closed. */
export async function projectFileWriter(path: string): Promise<FileSystemWritableFileStream> {
  const parts = path.split('/');
  let dir = await navigator.storage.getDirectory();
  for (const name of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(name, { create: true });
  const file = await dir.getFileHandle(parts.at(-1)!, { create: true });
  return whileLocked(() => file.createWritable({ keepExistingData: false }));
}

/** Removes top-level OPFS folders (a restore starts from an empty project). */
export async function removeProjectFolders(names: readonly string[]): Promise<void> {
  const root = await navigator.storage.getDirectory();
  for (const name of names) {
    try {
      await whileLocked(() => root.removeEntry(name, { recursive: true }));
    } catch (e) {
      if ((e as DOMException).name !== 'NotFoundError') throw e;
    }
  }
}

/** Every metadata entry (records, settings, file handles). */
export const readMetadata = (): Promise<[string, unknown][]> => entries<string, unknown>(kvStore);

export const writeMetadata = (kv: [string, unknown][]): Promise<void> => setMany(kv, kvStore);

/** Every metadata entry gone (a restore), file handles too: they belong to the project being replaced. */
export const clearMetadata = (): Promise<void> => clear(kvStore);
