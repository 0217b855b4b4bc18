// The frame index: one fixed-size record per stored frame, so frame i lives
// at byte i × 24 of the index and its image at [offset, offset + length) of
// the pack: O(1) random access, the OPFS counterpart of a memory-mapped array.
export const INDEX_RECORD_BYTES = 24;

export interface FrameIndex {
  count: number;
  /** stride 3: offset, length, time (s) */
  records: Float64Array;
}

export const recordOffset = (ix: FrameIndex, i: number): number => ix.records[i * 3]!;
export const recordLength = (ix: FrameIndex, i: number): number => ix.records[i * 3 + 1]!;
export const recordTime = (ix: FrameIndex, i: number): number => ix.records[i * 3 + 2]!;

export function encodeRecord(offset: number, length: number, time: number): Uint8Array {
  return new Uint8Array(new Float64Array([offset, length, time]).buffer);
}

/** Parse index bytes; a torn trailing record (crash mid-write) is ignored. */
export function decodeIndex(bytes: ArrayBuffer): FrameIndex {
  const count = Math.floor(bytes.byteLength / INDEX_RECORD_BYTES);
  return { count, records: new Float64Array(bytes.slice(0, count * INDEX_RECORD_BYTES)) };
}

/**
 * How many leading records describe bytes really in the pack, contiguous
 * from 0. After a crash or a killed worker, everything past this is dropped.
 */
export function consistentPrefix(ix: FrameIndex, packSize: number): { count: number; packEnd: number } {
  let end = 0;
  let i = 0;
  for (; i < ix.count; i++) {
    const off = recordOffset(ix, i);
    const len = recordLength(ix, i);
    if (off !== end || !(len > 0) || off + len > packSize) break;
    end = off + len;
  }
  return { count: i, packEnd: end };
}

export function frameTimes(ix: FrameIndex): Float64Array {
  const t = new Float64Array(ix.count);
  for (let i = 0; i < ix.count; i++) t[i] = recordTime(ix, i);
  return t;
}
