// How a video's detections are stored: a float32 file per kind (objects,
// faces), a two-value header [version, stride], then one block per frame
// looked at, in frame order: [frame, n, n × stride values]. A frame with
// nothing found still has its block (n = 0), so the last block says where a
// run cut off by a reload goes on; a block torn by the cut is dropped. Pure.

export const RECORDS_VERSION = 1;
/** an object: class, score, box x, y, w, h (0–1 of the frame) */
export const OBJECT_STRIDE = 6;
/** the face descriptor's length (faceres) */
export const FACE_DIM = 1024;
/** a face: score, box x, y, w, h (0–1 of the frame), descriptor */
export const FACE_STRIDE = 5 + FACE_DIM;
const HEADER = 2;

export function recordsHeader(stride: number): Float32Array {
  return Float32Array.of(RECORDS_VERSION, stride);
}

/** One frame's block from its items' values (n × stride, in order). */
export function encodeBlock(frame: number, values: ArrayLike<number>, stride: number): Float32Array {
  if (values.length % stride) throw new Error(`block of ${values.length} values is not whole items of ${stride}`);
  const out = new Float32Array(2 + values.length);
  out[0] = frame;
  out[1] = values.length / stride;
  out.set(values, 2);
  return out;
}

export interface ParsedRecords {
  /** frames looked at: the last block's frame + 1 (0 when none) */
  done: number;
  /** values that hold whole blocks (the header included): a torn tail lies beyond */
  validLength: number;
  /** item k's frame */
  frame: Int32Array;
  /** item k's values start at k × stride in `items` */
  items: Float32Array;
}

/** Reads a stored file's values; a missing, foreign or older file reads as empty (validLength 0: start again). */
export function parseRecords(data: Float32Array, stride: number): ParsedRecords {
  const empty: ParsedRecords = { done: 0, validLength: 0, frame: new Int32Array(0), items: new Float32Array(0) };
  if (data.length < HEADER || data[0] !== RECORDS_VERSION || data[1] !== stride) return empty;
  let at = HEADER, count = 0, done = 0;
  // first pass: where whole blocks end, and how many items they hold
  while (at + 2 <= data.length) {
    const n = data[at + 1]!, frame = data[at]!;
    if (!Number.isInteger(n) || n < 0 || !Number.isInteger(frame) || frame < done) break;
    const end = at + 2 + n * stride;
    if (end > data.length) break;
    count += n;
    done = frame + 1;
    at = end;
  }
  const frame = new Int32Array(count), items = new Float32Array(count * stride);
  let p = HEADER, k = 0;
  while (p < at) {
    const f = data[p]!, n = data[p + 1]!;
    items.set(data.subarray(p + 2, p + 2 + n * stride), k * stride);
    frame.fill(f, k, k + n);
    k += n;
    p += 2 + n * stride;
  }
  return { done, validLength: at, frame, items };
}
