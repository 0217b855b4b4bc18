import { describe, expect, it } from 'vitest';
import { encodeBlock, OBJECT_STRIDE, parseRecords, recordsHeader } from './detectionRecords';
import { concat } from '../core/concat';

describe('detection records', () => {
  const file = (...parts: Float32Array[]) => concat(Float32Array, parts);
  const car = [2, 0.8, 0.1, 0.2, 0.3, 0.4];
  const dog = [16, 0.6, 0.5, 0.5, 0.2, 0.2];

  it('reads every block back in order, frames without finds included', () => {
    const data = file(recordsHeader(OBJECT_STRIDE), encodeBlock(0, [...car, ...dog], OBJECT_STRIDE), encodeBlock(1, [], OBJECT_STRIDE), encodeBlock(2, dog, OBJECT_STRIDE));
    const r = parseRecords(data, OBJECT_STRIDE);
    expect(r.done).toBe(3);
    expect(r.validLength).toBe(data.length);
    expect(Array.from(r.frame)).toEqual([0, 0, 2]);
    expect(Array.from(r.items.subarray(6, 12))).toEqual(dog.map((x) => Math.fround(x)));
  });

  it('drops a block torn by a cut and says where whole blocks end', () => {
    const whole = file(recordsHeader(OBJECT_STRIDE), encodeBlock(0, car, OBJECT_STRIDE));
    const torn = file(whole, encodeBlock(1, [...car, ...dog], OBJECT_STRIDE).subarray(0, 9));
    const r = parseRecords(torn, OBJECT_STRIDE);
    expect(r.done).toBe(1);
    expect(r.validLength).toBe(whole.length);
    expect(r.frame.length).toBe(1);
  });

  it('reads another version or stride as nothing stored (start again)', () => {
    const data = file(recordsHeader(OBJECT_STRIDE), encodeBlock(0, car, OBJECT_STRIDE));
    expect(parseRecords(data, 7).validLength).toBe(0);
    const old = data.slice();
    old[0] = 99;
    expect(parseRecords(old, OBJECT_STRIDE)).toMatchObject({ done: 0, validLength: 0 });
    expect(parseRecords(new Float32Array(0), OBJECT_STRIDE).done).toBe(0);
  });

  it('refuses a block that is not whole items', () => {
    expect(() => encodeBlock(0, [1, 2, 3], OBJECT_STRIDE)).toThrow(/whole items/);
  });

  it('stops at frames out of order (a damaged file keeps its good start)', () => {
    const data = file(recordsHeader(OBJECT_STRIDE), encodeBlock(5, car, OBJECT_STRIDE), encodeBlock(3, dog, OBJECT_STRIDE));
    expect(parseRecords(data, OBJECT_STRIDE).done).toBe(6);
    expect(parseRecords(data, OBJECT_STRIDE).frame.length).toBe(1);
  });
});
