import { describe, expect, it } from 'vitest';
import { ChunkTimes, firstShown, sourceTime, startOffset } from './sourceTime';

describe('source time mapping (as ffmpeg -i … showinfo prints pts_time)', () => {
  it('shifts MPEG-TS and Matroska by the earliest start over all tracks', () => {
    const video = { first: 1.48, firstShown: 1.48 };
    expect(startOffset('mpegts', [video])).toBe(1.48);
    expect(sourceTime(1.52, startOffset('mpegts', [video]))).toBeCloseTo(0.04, 9);
    expect(startOffset('mpegts', [video, { first: 1.4, firstShown: 1.4 }])).toBe(1.4);
    expect(startOffset('matroska', [{ first: 0, firstShown: 0 }])).toBe(0);
  });

  it('in MP4 starts at the first shown frame: B-frame delay, or an edit list beginning in a gap', () => {
    expect(startOffset('isobmff', [{ first: 2 / 30, firstShown: 2 / 30 }])).toBeCloseTo(2 / 30, 12);
    // edit list from 1.3 s of a variable-rate track: 24 frames before 0, the first shown at 0.1 s
    const ts = [-1.3, -1.2, -1.267, 0.1, -0.033, 0.2, 0.133, 0.167];
    expect(firstShown(ts)).toBe(0.1);
    expect(startOffset('isobmff', [{ first: -1.3, firstShown: firstShown(ts) }])).toBe(0.1);
    expect(startOffset('isobmff', [])).toBe(0);
  });

  it('drops frames an edit list cuts off (before 0)', () => {
    expect(sourceTime(-0.2, 0)).toBeNull();
    expect(sourceTime(-1e-7, 0)).toBe(0);
    expect(sourceTime(0.5, 0)).toBe(0.5);
  });

  it('gives back the demuxer\'s exact seconds for a frame\'s integer microseconds', () => {
    const c = new ChunkTimes();
    c.put(Math.round((1 / 3) * 1e6), 1 / 3);
    expect(c.take(333333)).toBe(1 / 3);
    expect(c.take(500000)).toBe(0.5);
    for (let i = 0; i < 400; i++) c.put(i * 1e6, i);
    c.take(399e6);
    expect(c.size).toBeLessThan(40);
  });
});
