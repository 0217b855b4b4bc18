import { describe, expect, it } from 'vitest';
import { layoutCsv } from './layoutCsv';

describe('layoutCsv', () => {
  it('writes one row per frame, quoting names that need it', () => {
    const csv = layoutCsv([{ name: 'a.mp4', frames: 2 }, { name: 'b, "c".mkv', frames: 1 }], [new Float64Array([0, 0.6667]), new Float64Array([1.5])], new Float32Array([0.1, 0.2, -0.3, 0.4, 0.5, -0.6]));
    expect(csv).toBe('video,frame,time_s,x,y\na.mp4,0,0.000,0.100000,0.200000\na.mp4,1,0.667,-0.300000,0.400000\n"b, ""c"".mkv",0,1.500,0.500000,-0.600000\n');
  });
});
