import { describe, expect, it } from 'vitest';
import { visibleRange } from './virtualGrid';

describe('visibleRange', () => {
  it('renders only the rows in view plus overscan', () => {
    // 10,000 frames, 5 columns of 100 px, rows 50 px, 500 px viewport
    const r = visibleRange(10_000, 512, 500, 5000, 100, 50, 2);
    expect(r.columns).toBe(5);
    expect(r.totalHeight).toBe(2000 * 50);
    expect(r.first).toBe(98 * 5);
    expect(r.last).toBe(112 * 5);
    expect(r.cells).toHaveLength(r.last - r.first);
    expect(r.cells[0]).toEqual({ index: 490, x: 0, y: 98 * 50 });
  });

  it('clamps at the ends and handles tiny views', () => {
    expect(visibleRange(3, 50, 500, 0, 100, 50, 2)).toMatchObject({ columns: 1, first: 0, last: 3 });
    expect(visibleRange(0, 500, 500, 0, 100, 50, 2).cells).toEqual([]);
  });
});
