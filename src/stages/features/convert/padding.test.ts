import { describe, expect, it } from 'vitest';
import { samePadding } from './padding';
import { varint } from '../../../core/onnx/protobuf';

describe('TF padding made explicit', () => {
  it('pads "same" convolutions with the odd pixel at the end', () => {
    expect(samePadding(300, 3, 2, 1, true)).toEqual({ begin: 0, end: 1, out: 150 });
    expect(samePadding(299, 3, 2, 1, true)).toEqual({ begin: 1, end: 1, out: 150 });
    expect(samePadding(150, 3, 1, 1, true)).toEqual({ begin: 1, end: 1, out: 150 });
    expect(samePadding(147, 3, 2, 1, true)).toEqual({ begin: 1, end: 1, out: 74 });
    expect(samePadding(8, 3, 1, 2, true)).toEqual({ begin: 2, end: 2, out: 8 }); // dilated
  });
  it('does not pad "valid" ones', () => {
    expect(samePadding(299, 3, 2, 1, false)).toEqual({ begin: 0, end: 0, out: 149 });
    expect(samePadding(35, 3, 1, 1, false)).toEqual({ begin: 0, end: 0, out: 33 });
  });
});

describe('protobuf varints', () => {
  it('encodes small, large and negative int64 values', () => {
    expect(Array.from(varint(1))).toEqual([1]);
    expect(Array.from(varint(300))).toEqual([0xac, 0x02]);
    expect(varint(-1)).toHaveLength(10);
    expect(Array.from(varint(2 ** 40))).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
  });
});
