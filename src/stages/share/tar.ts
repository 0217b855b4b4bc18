// POSIX ustar, the container of a project bundle: 512-byte headers, contents
// padded to 512 bytes, two zero blocks at the end. Plain and documented, read
// by every tar tool, and written and read in a stream. Pure: bytes in, bytes out.

export const BLOCK = 512;
/** ustar's size field: 11 octal digits */
export const MAX_ENTRY_BYTES = 8 ** 11 - 1;

export interface TarEntry {
  path: string;
  size: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function putString(h: Uint8Array, at: number, len: number, s: string): void {
  const b = enc.encode(s);
  if (b.length > len) throw new RangeError(`tar field too long: ${s}`);
  h.set(b, at);
}

function putOctal(h: Uint8Array, at: number, len: number, n: number): void {
  putString(h, at, len, n.toString(8).padStart(len - 1, '0'));
}

/** Splits a path into ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes) at a slash. */
function splitPath(path: string): [string, string] {
  if (enc.encode(path).length <= 100) return ['', path];
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i), name = path.slice(i + 1);
    if (enc.encode(name).length <= 100 && enc.encode(prefix).length <= 155) return [prefix, name];
  }
  throw new RangeError(`path too long for a tar entry: ${path}`);
}

/** The 512-byte header of a regular file. `mtime` in seconds. */
export function tarHeader(e: TarEntry, mtime = 0): Uint8Array {
  if (!Number.isSafeInteger(e.size) || e.size < 0 || e.size > MAX_ENTRY_BYTES) throw new RangeError(`${e.path}: ${e.size} bytes is more than a tar entry holds`);
  const h = new Uint8Array(BLOCK);
  const [prefix, name] = splitPath(e.path);
  putString(h, 0, 100, name);
  putOctal(h, 100, 8, 0o644);
  putOctal(h, 108, 8, 0);
  putOctal(h, 116, 8, 0);
  putOctal(h, 124, 12, e.size);
  putOctal(h, 136, 12, Math.floor(mtime));
  h.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  h[156] = 0x30; // '0': a regular file
  putString(h, 257, 6, 'ustar');
  putString(h, 263, 2, '00');
  putString(h, 345, 155, prefix);
  putOctal(h, 148, 7, h.reduce((s, b) => s + b, 0));
  return h;
}

/** Zero bytes that pad a content of `size` bytes to a whole block. */
export const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

/** The two zero blocks that end an archive. */
export const tarEnd = (): Uint8Array => new Uint8Array(2 * BLOCK);

const field = (h: Uint8Array, at: number, len: number) => {
  const b = h.subarray(at, at + len);
  const end = b.indexOf(0);
  return dec.decode(end < 0 ? b : b.subarray(0, end));
};

function octal(h: Uint8Array, at: number, len: number): number {
  const s = field(h, at, len).trim();
  if (!/^[0-7]+$/.test(s)) throw new TarError('a damaged entry header (size)');
  return parseInt(s, 8);
}

export class TarError extends Error {}

/**
 * Reads a header block: the entry, or null for a zero block (the end). Throws TarError on a block that is not a
 * ustar header of a regular file (a foreign or damaged file).
 */
export function readTarHeader(h: Uint8Array): TarEntry | null {
  if (h.length !== BLOCK) throw new TarError('the file ends inside an entry header');
  if (h.every((b) => b === 0)) return null;
  const stored = octal(h, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  if (sum !== stored) throw new TarError('a damaged entry header (checksum)');
  if (field(h, 257, 6) !== 'ustar') throw new TarError('not a ustar archive');
  const type = h[156];
  if (type !== 0x30 && type !== 0) throw new TarError(`an entry of an unexpected type (${String.fromCharCode(type ?? 0)})`);
  const prefix = field(h, 345, 155), name = field(h, 0, 100);
  return { path: prefix ? `${prefix}/${name}` : name, size: octal(h, 124, 12) };
}
