import { describe, expect, it } from 'vitest';
import { addNotice, INFO_MS, liveNotices, MAX_NOTICES, nextExpiry, type Notice } from './noticeList';

describe('notice list', () => {
  it('merges a repeat into one notice with a count, moved to the end', () => {
    let l: Notice[] = [];
    l = addNotice(l, 'a', 'warn', 0, 1);
    l = addNotice(l, 'b', 'info', 10, 2);
    l = addNotice(l, 'a', 'warn', 20, 3);
    expect(l.map((n) => [n.text, n.count, n.id])).toEqual([['b', 1, 2], ['a', 2, 1]]);
    // A warning repeated as information stays a warning.
    expect(addNotice(l, 'a', 'info', 30, 4).at(-1)!.kind).toBe('warn');
  });

  it('keeps at most MAX_NOTICES, dropping information before warnings', () => {
    let l: Notice[] = [];
    l = addNotice(l, 'info', 'info', 0, 0);
    for (let i = 1; i <= MAX_NOTICES; i++) l = addNotice(l, `warn ${i}`, 'warn', i, i);
    expect(l).toHaveLength(MAX_NOTICES);
    expect(l.some((n) => n.kind === 'info')).toBe(false);
    l = addNotice(l, 'warn 6', 'warn', 9, 9);
    expect(l.map((n) => n.text)).toEqual(['warn 2', 'warn 3', 'warn 4', 'warn 5', 'warn 6']);
  });

  it('information goes by itself after INFO_MS, warnings stay', () => {
    let l: Notice[] = [];
    l = addNotice(l, 'w', 'warn', 0, 1);
    l = addNotice(l, 'i', 'info', 100, 2);
    expect(nextExpiry(l)).toBe(100 + INFO_MS);
    expect(liveNotices(l, 100 + INFO_MS - 1).map((n) => n.text)).toEqual(['w', 'i']);
    expect(liveNotices(l, 100 + INFO_MS).map((n) => n.text)).toEqual(['w']);
    expect(nextExpiry(liveNotices(l, 100 + INFO_MS))).toBeNull();
  });
});
