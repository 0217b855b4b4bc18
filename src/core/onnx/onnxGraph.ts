// ONNX graph building: nodes, initialisers and the ModelProto encoding
// (field numbers from onnx.proto). Shapes of NCHW activations are tracked
// alongside so layer converters can compute explicit paddings. Used by the
// Keras converter and for the small compute graphs of streamed PCA.
import { Message } from './protobuf';

export const OPSET = 17;
const IR_VERSION = 8;

export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;

export type Attr = number | number[] | string | { floats: number[] } | { float: number };

export interface Initializer {
  name: string;
  dims: number[];
  type: (typeof DataType)[keyof typeof DataType];
  raw: Uint8Array;
}

/** A graph input or output: float32 (unless `type` says otherwise) with these dimensions (a string names a dynamic one). */
export interface GraphValue {
  name: string;
  dims: (number | string)[];
  type?: (typeof DataType)[keyof typeof DataType];
}

export class OnnxGraph {
  private readonly nodes: Message[] = [];
  private readonly inits: Initializer[] = [];
  private readonly names = new Set<string>();
  /** activation shapes without the batch axis: [C, H, W] or [D] */
  readonly shapes = new Map<string, number[]>();

  unique(base: string): string {
    let name = base.replace(/[^A-Za-z0-9_./:-]/g, '_');
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  node(op: string, inputs: string[], attrs: Record<string, Attr> = {}, name = op, shape?: number[]): string {
    const out = this.unique(name);
    const m = new Message();
    for (const i of inputs) m.string(1, i);
    m.string(2, out).string(3, out).string(4, op);
    for (const [k, v] of Object.entries(attrs)) m.message(5, attribute(k, v));
    this.nodes.push(m);
    if (shape) this.shapes.set(out, shape);
    return out;
  }

  initializer(name: string, dims: number[], type: Initializer['type'], raw: Uint8Array): string {
    const n = this.unique(name);
    this.inits.push({ name: n, dims, type, raw });
    return n;
  }

  floats(name: string, dims: number[], data: Float32Array): string {
    return this.initializer(name, dims, DataType.FLOAT, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }

  scalar(name: string, v: number): string {
    return this.floats(name, [], new Float32Array([v]));
  }

  int64s(name: string, values: number[]): string {
    const raw = new Uint8Array(values.length * 8);
    const dv = new DataView(raw.buffer);
    values.forEach((v, i) => dv.setBigInt64(i * 8, BigInt(v), true));
    return this.initializer(name, [values.length], DataType.INT64, raw);
  }

  /** Bytes of the weights stored in the file. */
  get weightBytes(): number {
    return this.inits.reduce((n, i) => n + i.raw.length, 0);
  }

  /** The ModelProto; a single input or output may be given bare. */
  encode(input: GraphValue | GraphValue[], output: GraphValue | GraphValue[], meta: Record<string, string>, name = 'frame_atlas_features'): Uint8Array {
    const g = new Message();
    for (const n of this.nodes) g.message(1, n);
    g.string(2, name);
    for (const i of this.inits) {
      const t = new Message().packedInts(1, i.dims).int(2, i.type).string(8, i.name).bytes(9, i.raw);
      g.message(5, t);
    }
    for (const v of [input].flat()) g.message(11, valueInfo(v.name, v.dims, v.type));
    for (const v of [output].flat()) g.message(12, valueInfo(v.name, v.dims, v.type));
    const model = new Message().int(1, IR_VERSION).string(2, 'frame-atlas keras2onnx').string(3, '1');
    model.message(7, g);
    model.message(8, new Message().string(1, '').int(2, OPSET));
    for (const [k, v] of Object.entries(meta)) model.message(14, new Message().string(1, k).string(2, v));
    return model.toBytes();
  }
}

function attribute(name: string, v: Attr): Message {
  const a = new Message().string(1, name);
  if (typeof v === 'string') return a.int(20, 3).string(4, v);
  if (typeof v === 'number') return a.int(20, 2).int(3, v);
  if (Array.isArray(v)) return a.int(20, 7).packedInts(8, v);
  if ('float' in v) return a.int(20, 1).float(2, v.float);
  return a.int(20, 6).packedFloats(7, v.floats);
}

function valueInfo(name: string, dims: (number | string)[], type: number = DataType.FLOAT): Message {
  const shape = new Message();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new Message().int(1, d) : new Message().string(2, d));
  const tensor = new Message().int(1, type).message(2, shape);
  return new Message().string(1, name).message(2, new Message().message(1, tensor));
}
