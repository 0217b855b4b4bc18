import { describe, expect, it } from 'vitest';
import { combineProgress, RateMeter } from './progress';
import { formatBytes, formatDuration, formatRate, formatTimestamp } from './format';

describe('RateMeter', () => {
  it('measures a steady rate and the time left', () => {
    const m = new RateMeter();
    expect(m.sample(0, 100, 0).rate).toBeNull();
    let f = m.sample(10, 100, 1000);
    for (let t = 2; t <= 5; t++) f = m.sample(10 * t, 100, t * 1000);
    expect(f.rate).toBeCloseTo(10, 6);
    expect(f.eta).toBeCloseTo(5, 6);
  });

  it('has no ETA without a total', () => {
    const m = new RateMeter();
    m.sample(0, null, 0);
    expect(m.sample(5, null, 1000).eta).toBeNull();
  });
});

describe('format', () => {
  it('formats durations, sizes and rates', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('–');
    expect(formatBytes(20_400_000)).toBe('20.4 MB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatRate(123.4, 'frames')).toBe('123 frames/s');
    expect(formatRate(null, 'frames')).toBe('');
    expect(formatTimestamp(1.33)).toBe('0:01.3');
    expect(formatTimestamp(3725.04)).toBe('1:02:05.0');
    expect(formatTimestamp(59.97)).toBe('1:00.0');
  });
});

describe('combineProgress', () => {
  const part = (done: number, total: number | null, rate: number | null, eta: number | null, fraction: number | null) => ({ done, total, rate, eta, fraction });

  it('is null with nothing running, and the one task itself when alone', () => {
    expect(combineProgress([])).toBeNull();
    const one = part(5, 10, 2, 2.5, 0.5);
    expect(combineProgress([one])).toBe(one);
  });

  it('adds counts and rates, keeps the slowest time left and averages how far along', () => {
    expect(combineProgress([part(10, 100, 4, 22.5, 0.1), part(30, 60, 2, 15, 0.5)])).toEqual({ done: 40, total: 160, rate: 6, eta: 22.5, fraction: 0.3 });
  });

  it('leaves what one part does not know unknown, and counts its position as not begun', () => {
    expect(combineProgress([part(10, null, null, null, null), part(30, 60, 2, 15, 0.5)])).toEqual({ done: 40, total: null, rate: 2, eta: null, fraction: 0.25 });
  });
});
