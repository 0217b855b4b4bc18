// Layouts in OPFS: /layouts/<name>.json (description) + <name>.f32 (x, y per
// frame, videos in the order the description lists them) + optional
// <name>.model.f32 (PCA and encoder weights, to place new videos later) +
// <name>.pca.f16 (every frame's PCA features, same order: the search index).
import { decodeHalfs, encodeHalfs } from '../core/float16';

const EXTENSIONS = ['.f32', '.model.f32', '.pca.f16', '.json'];
async function layoutsDir(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle('layouts', { create: true });
}

async function writeFile(dir: FileSystemDirectoryHandle, name: string, data: Uint8Array | string): Promise<void> {
  const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
  await w.write(data as Uint8Array<ArrayBuffer> | string);
  await w.close();
}

/** Writes a layout; a `model` or `pca` of null leaves the stored file as it is. */
export async function saveLayout(name: string, meta: object, coords: Float32Array, model: Float32Array | null, pca: Float32Array | null = null): Promise<void> {
  const dir = await layoutsDir();
  await writeFile(dir, `${name}.f32`, new Uint8Array(coords.buffer, coords.byteOffset, coords.byteLength));
  if (model) await writeFile(dir, `${name}.model.f32`, new Uint8Array(model.buffer, model.byteOffset, model.byteLength));
  if (pca) await writeFile(dir, `${name}.pca.f16`, new Uint8Array(encodeHalfs(pca).buffer));
  // The description last: a layout without one is incomplete and ignored.
  await writeFile(dir, `${name}.json`, JSON.stringify(meta));
}

export async function loadLayout<T>(name: string): Promise<{ meta: T; coords: Float32Array } | null> {
  const dir = await layoutsDir();
  try {
    const meta = JSON.parse(await (await (await dir.getFileHandle(`${name}.json`)).getFile()).text()) as T;
    const coords = new Float32Array(await (await (await dir.getFileHandle(`${name}.f32`)).getFile()).arrayBuffer());
    return { meta, coords };
  } catch {
    return null;
  }
}

export async function loadLayoutModel(name: string): Promise<Float32Array | null> {
  const dir = await layoutsDir();
  try {
    return new Float32Array(await (await (await dir.getFileHandle(`${name}.model.f32`)).getFile()).arrayBuffer());
  } catch {
    return null;
  }
}

/** Every frame's PCA features (frames × pcaDim), or null for a layout saved without them. */
export async function loadLayoutPca(name: string): Promise<Float32Array | null> {
  const dir = await layoutsDir();
  try {
    return decodeHalfs(new Uint16Array(await (await (await dir.getFileHandle(`${name}.pca.f16`)).getFile()).arrayBuffer()));
  } catch {
    return null;
  }
}

export async function removeLayout(name: string): Promise<void> {
  const dir = await layoutsDir();
  for (const ext of EXTENSIONS) await dir.removeEntry(`${name}${ext}`).catch(() => undefined);
}

/** Renames a candidate layout to the current one (accepting a retrained layout). */
export async function promoteLayout(from: string, to: string): Promise<void> {
  const dir = await layoutsDir();
  for (const ext of EXTENSIONS) {
    try {
      const data = await (await (await dir.getFileHandle(`${from}${ext}`)).getFile()).arrayBuffer();
      await writeFile(dir, `${to}${ext}`, ext === '.json' ? new TextDecoder().decode(data) : new Uint8Array(data));
    } catch {
      await dir.removeEntry(`${to}${ext}`).catch(() => undefined);
    }
  }
  await removeLayout(from);
}
