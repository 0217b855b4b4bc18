// ZIP, stored (no compression), the container of a published atlas: every
// static host and every unzip tool reads it, and its parts are WebP, JSON and
// float arrays that deflate barely shrinks. Each part's size and CRC are known
// before it is written (it is in hand), so local headers carry them directly and
// the archive streams out in one pass. ZIP64 records are added where needed
// (over 65,535 entries or 4 GiB): a 100k-frame atlas has more files than that.
// Pure: bytes in, bytes out.

export interface ZipEntry {
  path: string;
  size: number;
  crc: number;
  /** where its local header starts in the archive */
  offset: number;
}

const enc = new TextEncoder();
const U32 = 0xffffffff;
const U16 = 0xffff;
/** version needed to extract: 2.0, or 4.5 for ZIP64 */
const V20 = 20, V45 = 45;
/** bit 11: names are UTF-8 */
const UTF8 = 0x0800;

/** MS-DOS date and time of `ms` (local time, 2-second steps), as the two 16-bit fields. */
function dosTime(ms: number): [number, number] {
  const d = new Date(ms);
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
  const date = (Math.max(0, d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return [time, date];
}

function writer(size: number) {
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  let at = 0;
  return {
    bytes,
    u16: (n: number) => void (v.setUint16(at, n, true), (at += 2)),
    u32: (n: number) => void (v.setUint32(at, n >>> 0, true), (at += 4)),
    u64: (n: number) => void (v.setBigUint64(at, BigInt(n), true), (at += 8)),
    raw: (b: Uint8Array) => void (bytes.set(b, at), (at += b.length)),
  };
}

type Writer = ReturnType<typeof writer>;

function checkPath(path: string): Uint8Array {
  if (!path || path.startsWith('/') || path.split('/').some((p) => p === '..' || p === '')) throw new RangeError(`not a relative zip path: ${path}`);
  const name = enc.encode(path);
  if (name.length > U16) throw new RangeError(`zip path too long: ${path}`);
  return name;
}

/** The run of fields a local header and its central directory record share: version needed … the two sizes. */
function sharedFields(w: Writer, e: ZipEntry, version: number, bigSize: boolean, [time, date]: [number, number]): void {
  w.u16(version);
  w.u16(UTF8);
  w.u16(0); // stored
  w.u16(time);
  w.u16(date);
  w.u32(e.crc);
  w.u32(bigSize ? U32 : e.size); // compressed
  w.u32(bigSize ? U32 : e.size); // uncompressed
}

/** The local header written before an entry's bytes. */
export function localHeader(e: ZipEntry, modified: number): Uint8Array {
  const name = checkPath(e.path);
  const big = e.size >= U32;
  const w = writer(30 + name.length + (big ? 20 : 0));
  w.u32(0x04034b50);
  sharedFields(w, e, big ? V45 : V20, big, dosTime(modified));
  w.u16(name.length);
  w.u16(big ? 20 : 0);
  w.raw(name);
  if (big) {
    w.u16(0x0001);
    w.u16(16);
    w.u64(e.size);
    w.u64(e.size);
  }
  return w.bytes;
}

/** The central directory and end records, written after the last entry, which ended at `start`. */
export function centralDirectory(entries: readonly ZipEntry[], start: number, modified: number): Uint8Array {
  const stamp = dosTime(modified);
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const name = checkPath(e.path);
    const bigSize = e.size >= U32, bigOffset = e.offset >= U32;
    const extra = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
    const w = writer(46 + name.length + (extra ? 4 + extra : 0));
    w.u32(0x02014b50);
    w.u16(extra ? V45 : V20); // made by: MS-DOS attributes, this version
    sharedFields(w, e, extra ? V45 : V20, bigSize, stamp);
    w.u16(name.length);
    w.u16(extra ? 4 + extra : 0);
    w.u16(0); // comment
    w.u16(0); // disk
    w.u16(0); // internal attributes
    w.u32(0); // external attributes
    w.u32(bigOffset ? U32 : e.offset);
    w.raw(name);
    if (extra) {
      w.u16(0x0001);
      w.u16(extra);
      if (bigSize) {
        w.u64(e.size);
        w.u64(e.size);
      }
      if (bigOffset) w.u64(e.offset);
    }
    parts.push(w.bytes);
  }
  const dirSize = parts.reduce((s, p) => s + p.length, 0);
  const zip64 = entries.length >= U16 || start >= U32 || dirSize >= U32;
  const end = writer((zip64 ? 56 + 20 : 0) + 22);
  if (zip64) {
    end.u32(0x06064b50); // ZIP64 end of central directory
    end.u64(44);
    end.u16(V45);
    end.u16(V45);
    end.u32(0);
    end.u32(0);
    end.u64(entries.length);
    end.u64(entries.length);
    end.u64(dirSize);
    end.u64(start);
    end.u32(0x07064b50); // its locator
    end.u32(0);
    end.u64(start + dirSize);
    end.u32(1);
  }
  end.u32(0x06054b50);
  end.u16(0);
  end.u16(0);
  end.u16(zip64 ? U16 : entries.length);
  end.u16(zip64 ? U16 : entries.length);
  end.u32(zip64 ? U32 : dirSize);
  end.u32(zip64 ? U32 : start);
  end.u16(0);
  parts.push(end.bytes);
  const out = new Uint8Array(dirSize + end.bytes.length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
