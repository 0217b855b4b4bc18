import { describe, expect, it } from 'vitest';
import { BitmapCache, decodeHeight } from './bitmapCache';

const item = (w: number, h: number) => ({ width: w, height: h, closed: false, close() { this.closed = true; } });

describe('BitmapCache', () => {
  it('evicts the least recently used first and closes what it drops', () => {
    const c = new BitmapCache<ReturnType<typeof item>>(3 * 400); // three 10×10 items
    const [a, b, d, e] = [item(10, 10), item(10, 10), item(10, 10), item(10, 10)];
    c.put('a', a);
    c.put('b', b);
    c.put('d', d);
    expect(c.get('a')).toBe(a); // a is now the most recent
    c.put('e', e);
    expect(c.get('b')).toBeUndefined();
    expect(b.closed).toBe(true);
    expect([c.get('a'), c.get('d'), c.get('e')]).toEqual([a, d, e]);
    expect(c.usedBytes).toBe(1200);
  });

  it('keeps an item bigger than the budget until the next one, and clears everything', () => {
    const c = new BitmapCache<ReturnType<typeof item>>(100);
    const big = item(100, 100);
    c.put('big', big);
    expect(c.get('big')).toBe(big);
    c.clear();
    expect([c.size, c.usedBytes, big.closed]).toEqual([0, 0, true]);
  });

  it('decodes at the smallest fixed height that is enough', () => {
    expect([decodeHeight(10), decodeHeight(40), decodeHeight(41), decodeHeight(150), decodeHeight(400)]).toEqual([40, 40, 80, 160, 0]);
  });
});

describe('BitmapCache pins', () => {
  it('never evicts a pinned item, and evicts it once unpinned', () => {
    const c = new BitmapCache<ReturnType<typeof item>>(2 * 400);
    const [a, b, d] = [item(10, 10), item(10, 10), item(10, 10)];
    c.put('a', a);
    c.pin('a');
    c.pin('a');
    c.put('b', b);
    c.put('d', d); // over budget: b goes, a is pinned
    expect(a.closed).toBe(false);
    expect(b.closed).toBe(true);
    c.put('e', item(10, 10));
    expect(c.get('a')).toBe(a);
    c.unpin('a');
    expect(a.closed).toBe(false); // still pinned once
    c.unpin('a');
    c.put('f', item(10, 10));
    expect(c.usedBytes).toBeLessThanOrEqual(800);
  });
});
