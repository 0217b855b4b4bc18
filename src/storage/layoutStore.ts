// Layouts in OPFS: /layouts/<name>.json (description) + <name>.f32 (x, y per
// frame, videos in the order the description lists them) + optional
// <name>.model.f32 (PCA and encoder weights, to place new videos later) +
// <name>.pca.f16 (frames' PCA features: the search index, see below).
// Each file is replaced whole (a writable commits on close), but a set of
// files is not: readers reconcile what they find (the description is written
// last; the index says which videos its rows belong to).
import { decodeHalfs, encodeHalfs } from '../core/float16';

/**
 * The search index file: "FAIX", header length (u32 LE), a JSON header padded to 4 bytes, then float16 rows
 * (`dim` values each), one block of rows per video in header order. A block may be shorter than the video's
 * frames in the layout (rows that could not be computed) and the file may be cut short: readers take what is there.
 * Files without the magic are the first format: bare rows in the layout's video order.
 */
export interface IndexHeader {
  /** `createdAt` of the training whose PCA axes made these rows */
  trained: number;
  dim: number;
  videos: { id: string; rows: number }[];
}

export interface StoredIndex {
  /** null: the first format (no header), or no file */
  header: IndexHeader | null;
  /** every complete value in the file (may end mid-row when cut short) */
  values: Float32Array;
}

/** A run of stored rows that belong to one video: its first `rows` frames. */
export interface IndexBlock {
  id: string;
  /** first row in the stored values */
  start: number;
  rows: number;
}

const MAGIC = [0x46, 0x41, 0x49, 0x58]; // "FAIX"
const LAYOUT_FILES = ['.f32', '.model.f32', '.pca.f16', '.clusters'];
/** A layout is complete once its description exists: written last, removed first. */
const DESCRIPTION = '.json';

export function encodeIndex(header: IndexHeader, values: Float32Array): Uint8Array {
  let json = JSON.stringify(header);
  while ((8 + json.length) % 4) json += ' ';
  const head = new TextEncoder().encode(json);
  const halfs = encodeHalfs(values);
  const out = new Uint8Array(8 + head.length + halfs.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  out.set(new Uint8Array(halfs.buffer), 8 + head.length);
  return out;
}

export function decodeIndex(bytes: ArrayBuffer): StoredIndex {
  const b = new Uint8Array(bytes);
  if (b.length >= 8 && MAGIC.every((m, i) => b[i] === m)) {
    const len = new DataView(bytes).getUint32(4, true);
    try {
      const header = JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + len))) as IndexHeader;
      const body = 8 + len;
      return { header, values: decodeHalfs(new Uint16Array(bytes.slice(body, body + 2 * Math.floor((b.length - body) / 2)))) };
    } catch {
      return { header: { trained: NaN, dim: 0, videos: [] }, values: new Float32Array(0) }; // a damaged header: nothing usable
    }
  }
  return { header: null, values: decodeHalfs(new Uint16Array(bytes.slice(0, 2 * Math.floor(b.length / 2)))) };
}

/**
 * Which stored rows belong to which video, for a layout trained at `trained` with `dim` PCA axes and these videos:
 * nothing from another training; a first-format file only when its size matches the layout exactly (its rows follow
 * the layout's order; any other size cannot be attributed). A video listed twice counts once (its first block).
 */
export function indexBlocks(stored: StoredIndex | null, expect: { trained: number; dim: number; videos: readonly { id: string; frames: number }[] }): IndexBlock[] {
  if (!stored || expect.dim <= 0) return [];
  const complete = Math.floor(stored.values.length / expect.dim);
  const out: IndexBlock[] = [];
  const seen = new Set<string>();
  const add = (id: string, start: number, rows: number) => {
    const have = Math.max(0, Math.min(rows, complete - start));
    if (!seen.has(id) && have > 0) out.push({ id, start, rows: have });
    seen.add(id);
  };
  if (!stored.header) {
    const total = expect.videos.reduce((s, v) => s + v.frames, 0);
    if (stored.values.length !== total * expect.dim) return [];
    let start = 0;
    for (const v of expect.videos) {
      add(v.id, start, v.frames);
      start += v.frames;
    }
    return out;
  }
  const h = stored.header;
  if (h.trained !== expect.trained || h.dim !== expect.dim) return [];
  let start = 0;
  for (const v of h.videos) {
    add(v.id, start, v.rows);
    start += v.rows;
  }
  return out;
}

async function layoutsDir(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle('layouts', { create: true });
}

async function writeFile(dir: FileSystemDirectoryHandle, name: string, data: Uint8Array | string): Promise<void> {
  const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
  await w.write(data as Uint8Array<ArrayBuffer> | string);
  await w.close();
}

async function readFile(dir: FileSystemDirectoryHandle, name: string): Promise<File | null> {
  try {
    return await (await dir.getFileHandle(name)).getFile();
  } catch {
    return null;
  }
}

/** Writes a layout; a `model` or `index` of null leaves the stored file as it is. */
export async function saveLayout(name: string, meta: object, coords: Float32Array, model: Float32Array | null, index: { header: IndexHeader; values: Float32Array } | null = null): Promise<void> {
  const dir = await layoutsDir();
  await writeFile(dir, `${name}.f32`, new Uint8Array(coords.buffer, coords.byteOffset, coords.byteLength));
  if (model) await writeFile(dir, `${name}.model.f32`, new Uint8Array(model.buffer, model.byteOffset, model.byteLength));
  if (index) await writeFile(dir, `${name}.pca.f16`, encodeIndex(index.header, index.values));
  // The description last: a layout without one is incomplete and ignored.
  await writeFile(dir, `${name}${DESCRIPTION}`, JSON.stringify(meta));
}

export async function loadLayout<T>(name: string): Promise<{ meta: T; coords: Float32Array } | null> {
  const dir = await layoutsDir();
  try {
    const meta = JSON.parse(await (await dir.getFileHandle(`${name}${DESCRIPTION}`)).getFile().then((f) => f.text())) as T;
    const coords = new Float32Array(await (await (await dir.getFileHandle(`${name}.f32`)).getFile()).arrayBuffer());
    return { meta, coords };
  } catch {
    return null;
  }
}

export async function loadLayoutModel(name: string): Promise<Float32Array | null> {
  const f = await readFile(await layoutsDir(), `${name}.model.f32`);
  return f ? new Float32Array(await f.arrayBuffer()) : null;
}

/** The stored search index of a layout as it is (see `indexBlocks` for what it holds), or null when there is none. */
export async function loadLayoutIndex(name: string): Promise<StoredIndex | null> {
  const f = await readFile(await layoutsDir(), `${name}.pca.f16`);
  return f ? decodeIndex(await f.arrayBuffer()) : null;
}

/** Replaces a layout's search index alone. */
export async function saveLayoutIndex(name: string, header: IndexHeader, values: Float32Array): Promise<void> {
  await writeFile(await layoutsDir(), `${name}.pca.f16`, encodeIndex(header, values));
}

export async function removeLayout(name: string): Promise<void> {
  const dir = await layoutsDir();
  for (const ext of [DESCRIPTION, ...LAYOUT_FILES]) await dir.removeEntry(`${name}${ext}`).catch(() => undefined);
}

/**
 * Renames a candidate layout to the current one (accepting a retrained layout). A reload half-way leaves a note
 * (`<to>.promoting`) that `finishPromotion` acts on, so the current layout is never a mix of the two.
 */
export async function promoteLayout(from: string, to: string): Promise<void> {
  const dir = await layoutsDir();
  await writeFile(dir, `${to}.promoting`, from);
  await dir.removeEntry(`${to}${DESCRIPTION}`).catch(() => undefined);
  for (const ext of [...LAYOUT_FILES, DESCRIPTION]) {
    const data = await readFile(dir, `${from}${ext}`);
    if (data) await writeFile(dir, `${to}${ext}`, ext === DESCRIPTION ? await data.text() : new Uint8Array(await data.arrayBuffer()));
    else await dir.removeEntry(`${to}${ext}`).catch(() => undefined);
  }
  await removeLayout(from);
  await dir.removeEntry(`${to}.promoting`).catch(() => undefined);
}

/** Completes a promotion that a reload interrupted; true when there was one. */
export async function finishPromotion(to: string): Promise<boolean> {
  const dir = await layoutsDir();
  const note = await readFile(dir, `${to}.promoting`);
  if (!note) return false;
  const from = await note.text();
  // The candidate's description goes first when it is removed: while it exists, all of it does.
  if (from && (await readFile(dir, `${from}${DESCRIPTION}`))) await promoteLayout(from, to);
  else {
    if (from) await removeLayout(from);
    await dir.removeEntry(`${to}.promoting`).catch(() => undefined);
  }
  return true;
}

/** Notes that a layout is being trained (what a reload would interrupt), with the settings to train it again. */
export async function markTraining(name: string, info: object): Promise<void> {
  await writeFile(await layoutsDir(), `${name}.training`, JSON.stringify(info));
}

export async function readTrainingMark<T>(name: string): Promise<T | null> {
  const f = await readFile(await layoutsDir(), `${name}.training`);
  try {
    return f ? (JSON.parse(await f.text()) as T) : null;
  } catch {
    return null;
  }
}

export async function clearTrainingMark(name: string): Promise<void> {
  await (await layoutsDir()).removeEntry(`${name}.training`).catch(() => undefined);
}
