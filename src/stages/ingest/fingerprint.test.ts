import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint';

const bytes = (n: number, seed: number) => {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return b;
};

describe('fingerprint', () => {
  it('is the same for the same bytes under another name', async () => {
    const data = bytes(5 << 20, 1);
    expect(await fingerprint(new File([data], 'a.mp4'))).toBe(await fingerprint(new File([data], 'b.mov')));
  });

  it('changes when the head, middle or tail changes, or the size', async () => {
    const data = bytes(5 << 20, 2);
    const base = await fingerprint(new Blob([data]));
    for (const at of [10, data.length >> 1, data.length - 10]) {
      const other = data.slice();
      other[at] = other[at]! ^ 1;
      expect(await fingerprint(new Blob([other]))).not.toBe(base);
    }
    expect(await fingerprint(new Blob([data.subarray(1)]))).not.toBe(base);
  });

  it('covers every byte of small files', async () => {
    const data = bytes(2 << 20, 3);
    const other = data.slice();
    other[1_500_000] = other[1_500_000]! ^ 1;
    expect(await fingerprint(new Blob([data]))).not.toBe(await fingerprint(new Blob([other])));
  });
});
