// Rendered map tiles kept in OPFS (/tiles/<key>/<z>_<x>_<y>.webp), so a reload
// or a return to a place already seen draws one small image per tile instead of
// decoding every thumbnail again. The key names everything a tile depends on
// (layout, cell size, tile size, videos present); tiles of other keys are dropped.
import { childNames } from './opfs';

let root: Promise<FileSystemDirectoryHandle> | null = null;
const keyDirs = new Map<string, Promise<FileSystemDirectoryHandle>>();

function tilesRoot(): Promise<FileSystemDirectoryHandle> {
  root ??= navigator.storage.getDirectory().then((r) => r.getDirectoryHandle('tiles', { create: true }));
  return root;
}

/** The key's folder, looked up once (OPFS look-ups cost milliseconds each under load). */
function keyDir(key: string): Promise<FileSystemDirectoryHandle> {
  let d = keyDirs.get(key);
  if (!d) {
    d = tilesRoot().then((r) => r.getDirectoryHandle(key, { create: true }));
    keyDirs.set(key, d);
  }
  return d;
}

const fileName = (z: number, x: number, y: number) => `${z}_${x}_${y}.webp`;

export async function readTile(key: string, z: number, x: number, y: number): Promise<Blob | null> {
  try {
    const f = await (await (await keyDir(key)).getFileHandle(fileName(z, x, y))).getFile();
    return f.size ? f : null;
  } catch {
    return null; // not drawn yet
  }
}

/** Best effort: a full disk or a lost race only means the tile is drawn again next time. */
export async function writeTile(key: string, z: number, x: number, y: number, blob: Blob): Promise<void> {
  try {
    const w = await (await (await keyDir(key)).getFileHandle(fileName(z, x, y), { create: true })).createWritable();
    await w.write(blob);
    await w.close();
  } catch {
    // ignored, see above
  }
}

/** Removes cached tiles of every key but this one. */
export async function keepOnlyTiles(key: string): Promise<void> {
  const dir = await tilesRoot();
  for (const name of await childNames(dir)) {
    if (name === key) continue;
    keyDirs.delete(name);
    await dir.removeEntry(name, { recursive: true }).catch(() => undefined);
  }
}
