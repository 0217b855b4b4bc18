import { describe, expect, it } from 'vitest';
import { decodeHalfs, encodeHalfs, fromHalf, toHalf } from './float16';

describe('float16', () => {
  it('encodes known values exactly', () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(1e6)).toBe(0x7c00);
    expect(toHalf(0)).toBe(0);
    expect(toHalf(2 ** -24)).toBe(1); // smallest subnormal
    expect(fromHalf(0x3555)).toBeCloseTo(0.33325, 5);
    expect(Number.isNaN(fromHalf(toHalf(NaN)))).toBe(true);
  });

  it('decodes every one of the 65,536 halfs as the reference conversion does', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const got = decodeHalfs(all);
    for (let i = 0; i < 65536; i++) expect(Object.is(got[i], Math.fround(fromHalf(i))) || (Number.isNaN(got[i]) && Number.isNaN(fromHalf(i)))).toBe(true);
  });

  it('round-trips within half precision over a wide range', () => {
    const v = new Float32Array(10000).map((_, i) => Math.sin(i) * 10 ** ((i % 9) - 4));
    const back = decodeHalfs(encodeHalfs(v));
    for (let i = 0; i < v.length; i++) {
      const tol = Math.max(Math.abs(v[i]!) * 2 ** -11, 2 ** -25);
      expect(Math.abs(back[i]! - v[i]!)).toBeLessThanOrEqual(tol);
    }
  });
});
