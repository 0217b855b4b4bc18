import { describe, expect, it } from 'vitest';
import { decodePng } from './pngDecode';
import { crc32, PngStreamEncoder } from './pngStream';

describe('PngStreamEncoder', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32([new TextEncoder().encode('123456789')])).toBe(0xcbf43926);
  });

  it('writes rows added in strips as a valid PNG with the same pixels', async () => {
    const w = 37, h = 23;
    const rgba = new Uint8Array(w * h * 4).map((_, i) => (i * 7 + (i >> 5)) & 0xff);
    const parts: Uint8Array[] = [];
    const enc = new PngStreamEncoder(w, h, async (b) => void parts.push(b), 64); // tiny IDAT chunks: several of them
    await enc.start();
    for (let y = 0; y < h; y += 5) await enc.addRows(rgba.subarray(y * w * 4, Math.min(h, y + 5) * w * 4));
    await enc.finish();
    const png = decodePng(Buffer.concat(parts));
    expect([png.width, png.height]).toEqual([w, h]);
    for (let i = 0; i < w * h; i++) expect([png.rgb[3 * i], png.rgb[3 * i + 1], png.rgb[3 * i + 2]]).toEqual([rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]]);
  });

  it('refuses more rows than the height, and finishing early', async () => {
    const enc = new PngStreamEncoder(2, 2, async () => {});
    await enc.start();
    await expect(enc.addRows(new Uint8Array(2 * 3 * 4))).rejects.toThrow(RangeError);
    await enc.addRows(new Uint8Array(2 * 4));
    await expect(enc.finish()).rejects.toThrow(RangeError);
  });

  it('stops with the error when the sink fails instead of hanging', async () => {
    let n = 0;
    const enc = new PngStreamEncoder(512, 512, async () => {
      if (++n > 1) throw new Error('disk full');
    }, 16);
    await enc.start();
    const noise = new Uint8Array(512 * 64 * 4).map(() => (Math.random() * 256) | 0);
    await expect((async () => {
      for (let y = 0; y < 512; y += 64) await enc.addRows(noise);
      await enc.finish();
    })()).rejects.toThrow('disk full');
  });
});
