import { describe, expect, it } from 'vitest';
import { FrameSampler } from './frameSampler';

const kept = (s: FrameSampler, times: number[]) => times.filter((t) => s.keep(t));

describe('frame sampler (ffmpeg select twin)', () => {
  it('keeps frames 0, N, 2N… counting every decoded frame in presentation order', () => {
    const times = Array.from({ length: 61 }, (_, i) => i / 30);
    expect(kept(new FrameSampler({ mode: 'every-nth', n: 20 }), times)).toEqual([0, 20 / 30, 40 / 30, 60 / 30]);
  });

  it('keeps the first frame of each 1/fps bucket of source time, variable rate included', () => {
    const vfr = [0, 0.1, 0.45, 0.5, 0.52, 1.7, 1.71, 2.2, 3.99, 4.0];
    expect(kept(new FrameSampler({ mode: 'fps', fps: 1 }), vfr)).toEqual([0, 1.7, 2.2, 3.99, 4.0]);
    expect(kept(new FrameSampler({ mode: 'fps', fps: 2 }), vfr)).toEqual([0, 0.5, 1.7, 2.2, 3.99, 4.0]);
  });

  it('a source starting late still keeps its first frame (isnan(prev_selected_t))', () => {
    expect(kept(new FrameSampler({ mode: 'fps', fps: 1 }), [0.7, 0.9, 1.1])).toEqual([0.7, 1.1]);
  });

  it('stops keeping at maxSeconds but keeps counting', () => {
    const s = new FrameSampler({ mode: 'every-nth', n: 2 }, 1);
    expect(kept(s, [0, 0.25, 0.5, 0.75, 1, 1.25])).toEqual([0, 0.5]);
    expect(s.seen).toBe(6);
  });
});
