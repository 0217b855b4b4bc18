// A minimal PNG reader for tests (Node): what the poster writes, 8-bit RGB with
// filters 0–4, checked chunk by chunk. Written from the PNG spec.
import { inflateSync } from 'node:zlib';
import { crc32 } from './pngStream';

export function decodePng(bytes: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 137 || bytes[1] !== 80 || bytes[2] !== 78 || bytes[3] !== 71) throw new Error('not a PNG');
  let o = 8, width = 0, height = 0, colourType = -1;
  const idat: Uint8Array[] = [];
  for (;;) {
    const len = dv.getUint32(o);
    const type = new TextDecoder().decode(bytes.subarray(o + 4, o + 8));
    const data = bytes.subarray(o + 8, o + 8 + len);
    if (dv.getUint32(o + 8 + len) !== crc32([bytes.subarray(o + 4, o + 8), data])) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') [width, height, colourType] = [dv.getUint32(o + 8), dv.getUint32(o + 12), bytes[o + 17]!];
    if (type === 'IDAT') idat.push(data);
    o += 12 + len;
    if (type === 'IEND') break;
  }
  if (colourType !== 2) throw new Error(`colour type ${colourType}: only 8-bit RGB is read here`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = 3 * width;
  const rgb = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 3 ? rgb[y * stride + x - 3]! : 0, b = y ? rgb[(y - 1) * stride + x]! : 0, c = x >= 3 && y ? rgb[(y - 1) * stride + x - 3]! : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f]!;
      rgb[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, rgb };
}
