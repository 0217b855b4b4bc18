// Finished exports (posters) written into OPFS before they are offered as a
// download: the worker streams into a file on disk, so nothing of poster size
// is held in memory; the download reads that file. Only the latest export is kept.
import { childNames } from './opfs';

async function exportsDir(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle('exports', { create: true });
}

/** A fresh file for an export; older exports are deleted first (they were downloaded or abandoned). */
export async function newExportFile(name: string): Promise<FileSystemFileHandle> {
  const dir = await exportsDir();
  for (const old of await childNames(dir)) await dir.removeEntry(old).catch(() => undefined);
  return dir.getFileHandle(name, { create: true });
}

export async function removeExportFile(name: string): Promise<void> {
  await (await exportsDir()).removeEntry(name).catch(() => undefined);
}
