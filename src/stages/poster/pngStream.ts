// A PNG written as it is drawn: rows go through the "Up" filter and a
// CompressionStream('deflate') (zlib, as IDAT wants), and come out as chunks to
// append to a file, so a 20,000 × 20,000 poster never exists whole in memory.
import { concat } from '../../core/concat';
import { crc32 as crc32Of } from '../../core/crc32';

/** CRC-32 of the parts one after another (a PNG chunk's type and data). */
export function crc32(parts: Uint8Array[]): number {
  return parts.reduce((c, p) => crc32Of(p, c), 0);
}

/** One PNG chunk: length, type, data, CRC of type + data. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  const t = new TextEncoder().encode(type);
  out.set(t, 4);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32([t, data]));
  return out;
}

export const PNG_SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** Signature + IHDR for 8-bit RGB, not interlaced. */
export function pngHeader(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, adaptive filters, no interlace
  const chunk = pngChunk('IHDR', ihdr);
  const out = new Uint8Array(PNG_SIGNATURE.length + chunk.length);
  out.set(PNG_SIGNATURE);
  out.set(chunk, PNG_SIGNATURE.length);
  return out;
}

export const pngEnd = (): Uint8Array => pngChunk('IEND', new Uint8Array(0));

/**
 * Feeds RGBA rows in, hands PNG bytes out (to `sink`, in order, each awaited:
 * back-pressure keeps memory bounded). Call addRows for every strip top to
 * bottom, then finish().
 */
export class PngStreamEncoder {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly readable: ReadableStream<Uint8Array>;
  private pump: Promise<void> = Promise.resolve();
  /** rejects when writing out fails, so a writer waiting on a full stream does not hang */
  private failed: Promise<never> = new Promise<never>(() => {});
  private prev: Uint8Array;
  private rowsIn = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly sink: (bytes: Uint8Array) => Promise<void>,
    /** IDAT chunks are cut at this size */
    private readonly chunkBytes = 1 << 20,
  ) {
    const cs = new CompressionStream('deflate');
    this.writer = cs.writable.getWriter() as WritableStreamDefaultWriter<Uint8Array>;
    this.readable = cs.readable as ReadableStream<Uint8Array>;
    this.prev = new Uint8Array(width * 3);
  }

  async start(): Promise<void> {
    await this.sink(pngHeader(this.width, this.height));
    this.pump = this.drain(this.readable);
    this.failed = this.pump.then(() => new Promise<never>(() => {}));
    this.failed.catch(() => undefined); // observed through addRows / finish
  }

  /** `rgba` holds whole rows of `width` RGBA pixels. */
  async addRows(rgba: Uint8ClampedArray | Uint8Array): Promise<void> {
    const w = this.width;
    const rows = rgba.length / (4 * w);
    if (!Number.isInteger(rows) || this.rowsIn + rows > this.height) throw new RangeError(`rows ${this.rowsIn} + ${rows} of ${this.height}`);
    const out = new Uint8Array(rows * (1 + 3 * w));
    for (let r = 0; r < rows; r++) {
      const o = r * (1 + 3 * w);
      out[o] = 2; // "Up": each byte minus the one above; neighbouring rows of photos are alike, so it packs well
      const cur = new Uint8Array(3 * w);
      for (let x = 0, s = r * 4 * w; x < w; x++, s += 4) {
        cur[3 * x] = rgba[s]!;
        cur[3 * x + 1] = rgba[s + 1]!;
        cur[3 * x + 2] = rgba[s + 2]!;
      }
      for (let i = 0; i < 3 * w; i++) out[o + 1 + i] = (cur[i]! - this.prev[i]!) & 0xff;
      this.prev = cur;
    }
    this.rowsIn += rows;
    await Promise.race([this.writer.write(out), this.failed]);
  }

  async finish(): Promise<void> {
    if (this.rowsIn !== this.height) throw new RangeError(`${this.rowsIn} rows of ${this.height} written`);
    await Promise.race([this.writer.close(), this.failed]);
    await this.pump;
    await this.sink(pngEnd());
  }

  /** Compressed bytes → IDAT chunks of about chunkBytes. */
  private async drain(readable: ReadableStream<Uint8Array>): Promise<void> {
    const reader = readable.getReader();
    let buf: Uint8Array[] = [];
    let size = 0;
    const flush = async () => {
      if (!size) return;
      const data = concat(Uint8Array, buf);
      buf = [];
      size = 0;
      await this.sink(pngChunk('IDAT', data));
    };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buf.push(value);
      size += value.length;
      if (size >= this.chunkBytes) await flush();
    }
    await flush();
  }
}
