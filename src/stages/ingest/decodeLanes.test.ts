import { describe, expect, it } from 'vitest';
import { decodeLanes, MAX_DECODE_LANES, sanitizeLanes } from './decodeLanes';

describe('decodeLanes', () => {
  it('decodes one video at a time on small machines and more on large ones', () => {
    expect([1, 2, 4, 6, 7, 8, 11, 12, 16, 64].map((c) => decodeLanes('auto', c))).toEqual([1, 1, 1, 1, 1, 2, 2, 3, 4, 4]);
  });

  it('takes a fixed number as given, within 1..4', () => {
    expect(decodeLanes(2, 2)).toBe(2);
    expect(decodeLanes(9, 2)).toBe(MAX_DECODE_LANES);
    expect(decodeLanes(0, 16)).toBe(1);
  });

  it('counts an unknown core count as one', () => {
    expect(decodeLanes('auto', Number.NaN)).toBe(1);
    expect(decodeLanes('auto', 0)).toBe(1);
  });

  it('keeps only valid stored values', () => {
    expect([1, 4, 'auto', 0, 5, 2.5, '2', null, undefined].map(sanitizeLanes)).toEqual([1, 4, 'auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto']);
  });
});
