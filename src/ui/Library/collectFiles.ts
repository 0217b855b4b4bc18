// Turns drops, pickers and folders into the files to add. Folder walks keep
// only files that look like videos; single files are always tried.
import { isHiddenName, looksLikeVideo } from '../../stages/ingest';
import type { AddInput } from '../../state/library.svelte';

export interface Collected {
  inputs: AddInput[];
  skipped: number;
}

type HandleItem = DataTransferItem & { getAsFileSystemHandle?(): Promise<FileSystemHandle | null> };

export async function fromDirectoryHandle(dir: FileSystemDirectoryHandle, prefix = dir.name): Promise<Collected> {
  const out: Collected = { inputs: [], skipped: 0 };
  for await (const h of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
    if (isHiddenName(h.name)) continue;
    if (h.kind === 'directory') merge(out, await fromDirectoryHandle(h as FileSystemDirectoryHandle, `${prefix}/${h.name}`));
    else {
      const file = await (h as FileSystemFileHandle).getFile();
      if (looksLikeVideo(file.name, file.type)) out.inputs.push({ file, handle: h as FileSystemFileHandle, folder: prefix });
      else out.skipped++;
    }
  }
  return out;
}

async function fromEntry(entry: FileSystemEntry, prefix: string): Promise<Collected> {
  const out: Collected = { inputs: [], skipped: 0 };
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    if (!isHiddenName(file.name) && looksLikeVideo(file.name, file.type)) out.inputs.push({ file, folder: prefix || null });
    else out.skipped++;
    return out;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  for (;;) {
    // readEntries returns at most 100 at a time.
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (!batch.length) break;
    for (const e of batch) if (!isHiddenName(e.name)) merge(out, await fromEntry(e, path));
  }
  return out;
}

/** Must be called synchronously in the drop handler: items die when it returns. */
export function fromDataTransfer(dt: DataTransfer): Promise<Collected> {
  const items = [...dt.items].filter((i) => i.kind === 'file') as HandleItem[];
  const jobs = items.map((item) => {
    const handle = item.getAsFileSystemHandle?.();
    const entry = item.webkitGetAsEntry();
    const file = item.getAsFile();
    return async (): Promise<Collected> => {
      const h = await handle?.catch(() => null);
      if (h?.kind === 'directory') return fromDirectoryHandle(h as FileSystemDirectoryHandle);
      if (h?.kind === 'file') return { inputs: [{ file: await (h as FileSystemFileHandle).getFile(), handle: h as FileSystemFileHandle }], skipped: 0 };
      if (entry?.isDirectory) return fromEntry(entry, '');
      return { inputs: file ? [{ file }] : [], skipped: 0 };
    };
  });
  return (async () => {
    const out: Collected = { inputs: [], skipped: 0 };
    for (const job of jobs) merge(out, await job());
    return out;
  })();
}

/** Files from an <input type=file>; with webkitdirectory the relative path gives the folder. */
export function fromFileList(list: FileList, folderMode: boolean): Collected {
  const out: Collected = { inputs: [], skipped: 0 };
  for (const file of list) {
    const rel = file.webkitRelativePath;
    const folder = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : null;
    if (folderMode && (isHiddenName(file.name) || !looksLikeVideo(file.name, file.type))) out.skipped++;
    else out.inputs.push({ file, folder });
  }
  return out;
}

function merge(into: Collected, from: Collected): void {
  into.inputs.push(...from.inputs);
  into.skipped += from.skipped;
}
