import { describe, expect, it } from 'vitest';
import { stoppedEarly, type DecodeOutcome } from './completeness';

const base: DecodeOutcome = { sampling: { mode: 'every-nth', n: 20 }, headerPackets: null, duration: null, fps: null, stats: null, lastTime: null };

describe('stoppedEarly', () => {
  it('calls a variable-rate AVI complete when every announced packet was read, however few pictures came out', () => {
    // 444 index entries, most of them empty chunks: 70 pictures, 4 kept.
    const avi = { ...base, headerPackets: 444, duration: 29.6, fps: 15, stats: { packets: 444, frames: 70 }, lastTime: 26 };
    expect(stoppedEarly(avi)).toBeNull();
  });

  it('calls a file short when the demuxer read far fewer packets than the header announced', () => {
    const cut = { ...base, headerPackets: 600, duration: 20, fps: 30, stats: { packets: 290, frames: 290 }, lastTime: 9.33 };
    expect(stoppedEarly(cut)).toMatch(/read 290 of 600 packets/);
  });

  it('without a packet count, judges by how far the kept frames reach', () => {
    const mkv = { ...base, duration: 60, fps: 30, lastTime: 59.33 };
    expect(stoppedEarly(mkv)).toBeNull();
    expect(stoppedEarly({ ...mkv, lastTime: 20 })).toMatch(/stopped early at 20\.7 s of 60\.0 s/);
    // A variable-rate source whose last picture holds for the final seconds is not truncated.
    expect(stoppedEarly({ ...mkv, lastTime: 50 })).toBeNull();
  });

  it('does not judge a one-second clip by its single kept frame', () => {
    expect(stoppedEarly({ ...base, duration: 1, fps: 30, lastTime: 0 })).toBeNull();
  });

  it('uses the sampling step in frames-per-second mode', () => {
    const fps = { ...base, sampling: { mode: 'fps', fps: 0.1 } as const, duration: 60, lastTime: 40 };
    expect(stoppedEarly(fps)).toBeNull(); // the next kept frame would have been at 50 s
    expect(stoppedEarly({ ...fps, lastTime: 10 })).not.toBeNull();
  });

  it('says nothing when it cannot tell', () => {
    expect(stoppedEarly(base)).toBeNull();
    expect(stoppedEarly({ ...base, headerPackets: 100 })).toBeNull();
  });
});
