// Models the user converted in the browser (e.g. Xception from its Keras
// .h5), kept in OPFS under /models so they survive reloads.
import { childNames } from './opfs';

async function modelsDir(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle('models', { create: true });
}

export async function saveModelFile(name: string, bytes: Uint8Array, meta: object): Promise<void> {
  const dir = await modelsDir();
  for (const [file, data] of [[name, bytes], [`${name}.json`, new TextEncoder().encode(JSON.stringify(meta))]] as const) {
    const w = await (await dir.getFileHandle(file, { create: true })).createWritable();
    await w.write(data as Uint8Array<ArrayBuffer>);
    await w.close();
  }
}

/** A file that belongs to a stored model (a pair's text tower, its tokenizer), without metadata of its own. */
export async function writeModelBlob(name: string, bytes: Uint8Array): Promise<void> {
  const w = await (await (await modelsDir()).getFileHandle(name, { create: true })).createWritable();
  await w.write(bytes as Uint8Array<ArrayBuffer>);
  await w.close();
}

export async function readModelFile(name: string): Promise<ArrayBuffer> {
  const dir = await modelsDir();
  return (await (await dir.getFileHandle(name)).getFile()).arrayBuffer();
}

/** Metadata of every stored user model. */
export async function listModelFiles<T>(): Promise<T[]> {
  const dir = await modelsDir();
  const out: T[] = [];
  for (const name of await childNames(dir)) {
    if (name.endsWith('.json')) out.push(JSON.parse(await (await (await dir.getFileHandle(name)).getFile()).text()) as T);
  }
  return out;
}

/** Deletes a stored model, its metadata first (so a removal cut off half-way leaves no listed model), then its other files. */
export async function removeModelFile(name: string, others: readonly string[] = []): Promise<void> {
  const dir = await modelsDir();
  for (const file of [`${name}.json`, name, ...others]) await dir.removeEntry(file).catch(() => undefined);
}
