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

/** Deletes a stored model and its metadata. */
export async function removeModelFile(name: string): Promise<void> {
  const dir = await modelsDir();
  for (const file of [name, `${name}.json`]) await dir.removeEntry(file).catch(() => undefined);
}
