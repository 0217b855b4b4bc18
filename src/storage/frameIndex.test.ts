import { describe, expect, it } from 'vitest';
import { consistentPrefix, decodeIndex, encodeRecord, frameTimes, INDEX_RECORD_BYTES, recordLength, recordOffset } from './frameIndex';

function indexBytes(records: [number, number, number][], extra = 0): ArrayBuffer {
  const out = new Uint8Array(records.length * INDEX_RECORD_BYTES + extra);
  records.forEach(([o, l, t], i) => out.set(encodeRecord(o, l, t), i * INDEX_RECORD_BYTES));
  return out.buffer;
}

describe('frame index', () => {
  it('reads record i in O(1) and ignores a torn trailing record', () => {
    const ix = decodeIndex(indexBytes([[0, 10, 0], [10, 20, 0.66], [30, 5, 1.33]], 11));
    expect(ix.count).toBe(3);
    expect(recordOffset(ix, 2)).toBe(30);
    expect(recordLength(ix, 1)).toBe(20);
    expect(Array.from(frameTimes(ix))).toEqual([0, 0.66, 1.33]);
  });

  it('keeps only records whose bytes are in the pack, contiguous from 0', () => {
    const ix = decodeIndex(indexBytes([[0, 10, 0], [10, 20, 1], [30, 5, 2]]));
    expect(consistentPrefix(ix, 35)).toEqual({ count: 3, packEnd: 35 });
    expect(consistentPrefix(ix, 34)).toEqual({ count: 2, packEnd: 30 }); // last image cut short
    const gap = decodeIndex(indexBytes([[0, 10, 0], [12, 3, 1]]));
    expect(consistentPrefix(gap, 100)).toEqual({ count: 1, packEnd: 10 });
    expect(consistentPrefix(decodeIndex(new ArrayBuffer(0)), 100)).toEqual({ count: 0, packEnd: 0 });
  });
});
