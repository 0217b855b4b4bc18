import { describe, expect, it } from 'vitest';
import { ImageStreamSplitter } from './imageStream';
import { concat } from '../../core/concat';

function webp(payloadLen: number, fill: number): Uint8Array {
  const size = 4 + payloadLen; // "WEBP" + payload
  const b = new Uint8Array(8 + size + (size & 1));
  b.set([0x52, 0x49, 0x46, 0x46, size & 255, (size >> 8) & 255, (size >> 16) & 255, size >>> 24, 0x57, 0x45, 0x42, 0x50]);
  b.fill(fill, 12, 12 + payloadLen);
  return b;
}

function jpeg(scan: number[]): Uint8Array {
  // SOI, a COM segment whose payload contains FF D9 (must not end the image), SOS, scan, EOI
  const com = [0xff, 0xfe, 0x00, 0x06, 0xff, 0xd9, 0xff, 0xd9];
  const sos = [0xff, 0xda, 0x00, 0x04, 0x01, 0x02];
  return new Uint8Array([0xff, 0xd8, ...com, ...sos, ...scan, 0xff, 0xd9]);
}

function feed(s: ImageStreamSplitter, bytes: Uint8Array, chunk: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(...s.push(bytes.subarray(i, i + chunk)));
  return out;
}

describe('ImageStreamSplitter', () => {
  it('splits WebP files at RIFF lengths whatever the chunking, odd sizes padded', () => {
    const imgs = [webp(1000, 1), webp(3, 2), webp(2_500_000, 3)];
    for (const chunk of [1, 7, 4096, 1 << 22]) {
      const s = new ImageStreamSplitter('webp');
      const out = feed(s, concat(Uint8Array, imgs), chunk);
      expect(out.map((o) => o.length)).toEqual(imgs.map((i) => i.length));
      expect(out[2]![100]).toBe(3);
      expect(s.pending).toBe(0);
    }
  });

  it('splits JPEGs at EOI after the scan, not at EOI-like bytes in headers or stuffed data', () => {
    const a = jpeg([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]);
    const b = jpeg([0x99]);
    for (const chunk of [1, 3, 64]) {
      const out = feed(new ImageStreamSplitter('jpeg'), concat(Uint8Array, [a, b, a]), chunk);
      expect(out.map((o) => o.length)).toEqual([a.length, b.length, a.length]);
      expect(Array.from(out[1]!)).toEqual(Array.from(b));
    }
  });

  it('keeps an unfinished image pending and rejects garbage', () => {
    const s = new ImageStreamSplitter('webp');
    expect(s.push(webp(100, 1).subarray(0, 50))).toEqual([]);
    expect(s.pending).toBe(50);
    expect(() => new ImageStreamSplitter('jpeg').push(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/SOI/);
  });
});
