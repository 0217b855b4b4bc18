// A project bundle (`.atlas`, docs/BUNDLE.md): a ustar archive of the head
// (`frame-atlas.json`), the metadata store (`kv.json`), the project's files
// (`opfs/...`) and, last, the manifest of every part with its size and CRC-32.
// Pure rules: what goes in, how metadata is written, how an archive is judged,
// and what a merge takes.
import { lookOwner } from '../../core/ids';

export const BUNDLE_FORMAT = 'frame-atlas-bundle';
export const BUNDLE_VERSION = 1;
export const HEAD_PATH = 'frame-atlas.json';
export const KV_PATH = 'kv.json';
export const MANIFEST_PATH = 'manifest.json';
export const OPFS_PREFIX = 'opfs/';

export interface BundleHead {
  format: typeof BUNDLE_FORMAT;
  version: number;
  createdAt: number;
  /** videos and stored frames in it, for the message before an import */
  videos: number;
  frames: number;
}

export interface ManifestEntry {
  path: string;
  size: number;
  crc32: number;
}

export interface Manifest {
  entries: ManifestEntry[];
}

/**
 * The project's files that travel: frames, features and colours (`videos/`), layouts with their PCA axes, encoder
 * weights and search index (`layouts/`) and models the user loaded (`models/`). The tile cache is rebuilt from the
 * frames and exports are downloads already made.
 */
export function travels(opfsPath: string): boolean {
  const top = opfsPath.split('/')[0];
  return top === 'videos' || top === 'layouts' || top === 'models';
}

/** Metadata keys that travel: all but file handles, which only mean something in the profile that made them. */
export const portableKey = (key: string): boolean => !key.startsWith('handle:');

/** A path inside a bundle that is safe to write: relative, no `..`, no empty or dot parts. */
export function safePath(path: string): boolean {
  return path.length > 0 && path.length < 1024 && !path.startsWith('/') && path.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}

type Typed = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
const TYPED: Record<string, new (b: ArrayBuffer) => Typed> = {
  Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array,
};

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * The metadata store as JSON: typed arrays as `{ "$typed": name, "base64": … }`. A value JSON cannot hold (a file
 * handle, a Blob, a Date) is an error: it would not come back as it was.
 */
export function encodeKv(entries: [string, unknown][]): string {
  const replacer = function (this: Record<string, unknown>, key: string, value: unknown): unknown {
    const v = key === '' ? value : this[key]; // before toJSON (a Date arrives as a string)
    if (ArrayBuffer.isView(v)) {
      const name = v.constructor.name;
      if (!(name in TYPED)) throw new TypeError(`metadata holds a ${name}, which a bundle does not carry`);
      return { $typed: name, base64: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) {
      throw new TypeError(`metadata holds a ${(v as object).constructor?.name ?? 'value'}, which a bundle does not carry`);
    }
    return value;
  };
  return JSON.stringify(Object.fromEntries(entries.filter(([k]) => portableKey(k))), replacer);
}

export function decodeKv(text: string): [string, unknown][] {
  const reviver = (_key: string, v: unknown): unknown => {
    if (v && typeof v === 'object' && '$typed' in v && 'base64' in v) {
      const { $typed, base64 } = v as { $typed: string; base64: string };
      const Ctor = TYPED[$typed];
      if (!Ctor) throw new TypeError(`unknown typed array ${$typed}`);
      return new Ctor(fromBase64(base64).buffer as ArrayBuffer);
    }
    return v;
  };
  const obj = JSON.parse(text, reviver) as unknown;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new TypeError('kv.json is not an object');
  return Object.entries(obj).filter(([k]) => portableKey(k));
}

/** Why a head is not one this app reads, or null. */
export function headProblem(head: unknown): string | null {
  const h = head as Partial<BundleHead> | null;
  if (!h || h.format !== BUNDLE_FORMAT) return 'it is not a Frame Atlas bundle';
  if (typeof h.version !== 'number' || h.version > BUNDLE_VERSION) return `it was made by a newer Frame Atlas (bundle version ${String(h.version)}); update this one first`;
  return null;
}

/**
 * Why the parts read do not match the manifest, or null: every part listed once with its size and CRC, nothing
 * missing, nothing extra (the head and the manifest itself aside).
 */
export function manifestProblem(seen: readonly ManifestEntry[], manifest: unknown): string | null {
  const m = manifest as Partial<Manifest> | null;
  if (!m || !Array.isArray(m.entries)) return 'its manifest is unreadable';
  const listed = new Map(m.entries.map((e) => [e.path, e]));
  if (listed.size !== m.entries.length) return 'its manifest lists a part twice';
  const parts = seen.filter((e) => e.path !== HEAD_PATH && e.path !== MANIFEST_PATH);
  for (const e of parts) {
    const want = listed.get(e.path);
    if (!want) return `it holds a part its manifest does not list (${e.path})`;
    if (want.size !== e.size) return `${e.path} has ${e.size} bytes where the manifest says ${want.size}`;
    if (want.crc32 !== e.crc32) return `${e.path} is damaged (checksum)`;
    listed.delete(e.path);
  }
  const missing = [...listed.keys()];
  return missing.length ? `${missing.length} part${missing.length === 1 ? ' is' : 's are'} missing (${missing[0]}${missing.length > 1 ? ', …' : ''})` : null;
}

/** The video a file under `videos/` belongs to (a first look belongs to its video), or null for other files. */
export function videoOfPath(opfsPath: string): string | null {
  const [top, dir] = opfsPath.split('/');
  return top === 'videos' && dir ? (lookOwner(dir) ?? dir) : null;
}

export interface MergePlan {
  /** metadata entries to add */
  kv: [string, unknown][];
  /** opfs paths (without the prefix) to write */
  files: (path: string) => boolean;
  added: string[];
  /** videos the library has already (same content), left as they are */
  duplicates: string[];
}

/**
 * What a merge into a library that has videos takes: the videos it lacks (records, frames, features, colours) and
 * model files it lacks; nothing of its layouts or settings, so the current map stays and places the new videos
 * with its encoder.
 */
export function mergePlan(bundleKv: readonly [string, unknown][], localVideos: ReadonlySet<string>, localModels: ReadonlySet<string>): MergePlan {
  const added: string[] = [], duplicates: string[] = [];
  const kv: [string, unknown][] = [];
  for (const [key, value] of bundleKv) {
    if (!key.startsWith('video:')) continue;
    const id = key.slice('video:'.length);
    if (localVideos.has(id)) duplicates.push(id);
    else {
      added.push(id);
      kv.push([key, value]);
    }
  }
  const take = new Set(added);
  const files = (path: string) => {
    const v = videoOfPath(path);
    if (v !== null) return take.has(v);
    return path.startsWith('models/') && !localModels.has(path.slice('models/'.length));
  };
  return { kv, files, added, duplicates };
}
