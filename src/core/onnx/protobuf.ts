// A minimal protocol-buffers writer: just what ONNX's ModelProto needs.
// Messages are built as lists of byte chunks so a 20 MB weight tensor is
// copied once, into the final file.
import { concat } from '../concat';

export class Message {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.size += b.length;
  }

  private tag(field: number, wire: number): void {
    this.push(varint(field * 8 + wire));
  }

  int(field: number, v: number): this {
    this.tag(field, 0);
    this.push(varint(v));
    return this;
  }

  float(field: number, v: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.push(b);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.push(varint(data.length));
    this.push(data);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, m: Message): this {
    this.tag(field, 2);
    this.push(varint(m.size));
    for (const c of m.chunks) this.push(c);
    return this;
  }

  packedInts(field: number, vs: readonly number[]): this {
    const body = new Message();
    for (const v of vs) body.push(varint(v));
    return this.message(field, body);
  }

  packedFloats(field: number, vs: readonly number[]): this {
    const b = new Uint8Array(vs.length * 4);
    const dv = new DataView(b.buffer);
    vs.forEach((v, i) => dv.setFloat32(i * 4, v, true));
    return this.bytes(field, b);
  }

  toBytes(): Uint8Array {
    return concat(Uint8Array, this.chunks);
  }
}

/** Base-128 varint; negative int64 values take ten bytes (two's complement). */
export function varint(v: number): Uint8Array {
  if (!Number.isInteger(v)) throw new RangeError(`varint of ${v}`);
  let n = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return new Uint8Array(out);
}
