import { describe, expect, it } from 'vitest';
import { damageLines, decodeStats, fatalError, showinfoTime, tidyLogLine } from './ffmpegLog';

describe('ffmpeg log', () => {
  it('reads pts_time from showinfo lines only', () => {
    const line = '[Parsed_showinfo_3 @ 0x1a2b3c] n:  12 pts: 245760 pts_time:16      duration:512 pos: 1234 fmt:yuv420p sar:1/1 s:534x300 i:P iskey:0 type:B';
    expect(showinfoTime(line)).toBe(16);
    expect(showinfoTime('[Parsed_showinfo_3 @ 0x1] n:   0 pts:  0 pts_time:0.0333333 duration:1')).toBeCloseTo(0.0333, 4);
    expect(showinfoTime('[Parsed_showinfo_3 @ 0x1a2b3c] color_range:tv color_space:unknown')).toBeNull();
    expect(showinfoTime('frame=  10 fps=0.0 q=-0.0 size=N/A time=00:00:16.00')).toBeNull();
  });

  it('classifies fatal errors with the file name', () => {
    expect(fatalError(['[mov,mp4 @ 0x1] moov atom not found', '/in/input.mp4: Invalid data found when processing input'], 'a.mp4')).toMatchObject({
      code: 'truncated', message: 'a.mp4 is truncated or unfinished (moov atom not found)',
    });
    expect(fatalError(['/in/input.mp4: Invalid data found when processing input'], 'notes.mp4')?.code).toBe('not-video');
    expect(fatalError(['all fine'], 'x')).toBeNull();
  });

  it('finds damage lines and tidies them', () => {
    const lines = ['[h264 @ 0xdeadbeef] error while decoding MB 3 4, bytestream -5', '[Parsed_showinfo_3 @ 0x1] n: 1 pts: 2 pts_time:1 partial'];
    expect(damageLines(lines)).toHaveLength(1);
    expect(tidyLogLine(lines[0]!)).toBe('error while decoding MB 3 4, bytestream -5');
  });
});

describe('decodeStats', () => {
  it("reads a verbose run's closing packet and frame counts of the decoded video stream", () => {
    // ffmpeg 5.1 on a variable-rate AVI: every index entry read, most of them empty chunks.
    expect(decodeStats('  Input stream #0:0 (video): 444 packets read (346278 bytes); 70 frames decoded; ')).toEqual({ packets: 444, frames: 70 });
    expect(decodeStats('  Input stream #0:1 (audio): 862 packets read (220672 bytes); ')).toBeNull();
    expect(decodeStats('  Output stream #0:0 (video): 4 frames encoded; 4 packets muxed (18716 bytes); ')).toBeNull();
  });
});
