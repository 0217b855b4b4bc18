// Splits ffmpeg's image2pipe byte stream back into whole images.
// WebP files carry their length in the RIFF header; JPEG ends at EOI after
// the scan, with segment lengths parsed first so EOI-like bytes in headers
// are not mistaken for the end.
import type { ImageFormat } from './sampling';

export class ImageStreamSplitter {
  private buf = new Uint8Array(1 << 20);
  private len = 0;
  /** JPEG: where the EOI search resumes, so each byte is scanned once */
  private scanFrom = 0;

  constructor(private readonly format: ImageFormat) {}

  /** Feed bytes; returns the images completed by them (copies, safe to keep). */
  push(chunk: Uint8Array): Uint8Array[] {
    this.append(chunk);
    const out: Uint8Array[] = [];
    for (;;) {
      const end = this.format === 'webp' ? this.webpEnd() : this.jpegEnd();
      if (end === null) break;
      out.push(this.buf.slice(0, end));
      this.buf.copyWithin(0, end, this.len);
      this.len -= end;
      this.scanFrom = 0;
    }
    return out;
  }

  /** Bytes left over that never formed a whole image (e.g. when the encoder died). */
  get pending(): number {
    return this.len;
  }

  private append(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + chunk.length));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  private webpEnd(): number | null {
    if (this.len < 12) return null;
    const b = this.buf;
    if (b[0] !== 0x52 || b[1] !== 0x49 || b[2] !== 0x46 || b[3] !== 0x46) throw new Error('image stream: expected RIFF header');
    const size = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
    const total = 8 + size + (size & 1);
    return this.len >= total ? total : null;
  }

  private jpegEnd(): number | null {
    const b = this.buf;
    if (this.len < 4) return null;
    if (b[0] !== 0xff || b[1] !== 0xd8) throw new Error('image stream: expected JPEG SOI');
    let i = this.scanFrom || 2;
    if (this.scanFrom === 0) {
      // Walk header segments up to the start of scan.
      for (;;) {
        if (i + 4 > this.len) return null;
        if (b[i] !== 0xff) throw new Error('image stream: bad JPEG marker');
        const marker = b[i + 1]!;
        const segLen = (b[i + 2]! << 8) | b[i + 3]!;
        i += 2 + segLen;
        if (marker === 0xda) break;
      }
    }
    // Entropy-coded data: 0xFF is always followed by 0x00 or a restart marker, so 0xFFD9 is EOI.
    for (; i + 1 < this.len; i++) {
      if (b[i] === 0xff && b[i + 1] === 0xd9) return i + 2;
    }
    this.scanFrom = Math.max(2, i);
    return null;
  }
}
