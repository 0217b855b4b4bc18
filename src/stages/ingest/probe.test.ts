import { describe, expect, it } from 'vitest';
import { parseProbe } from './probe';

const mp4 = JSON.stringify({
  streams: [
    { codec_type: 'audio', codec_name: 'aac' },
    { codec_type: 'video', codec_name: 'h264', width: 1280, height: 720, avg_frame_rate: '30000/1001', r_frame_rate: '30000/1001', nb_frames: '600', duration: '20.02', sample_aspect_ratio: '1:1' },
  ],
  format: { duration: '20.05', format_name: 'mov,mp4,m4a,3gp,3g2,mj2' },
});

describe('parseProbe', () => {
  it('reads size, rate, codec and frame count of the first real video stream', () => {
    const p = parseProbe(mp4, 'a.mp4');
    expect(p).toMatchObject({ width: 1280, height: 720, codec: 'h264', sourceFrames: 600, headerPackets: 600, duration: 20.02, sar: 1, rotated: false });
    expect(p.fps).toBeCloseTo(29.97, 2);
  });

  it('estimates the frame count from duration × fps when the container has none (mkv, webm)', () => {
    const mkv = JSON.stringify({ streams: [{ codec_type: 'video', codec_name: 'vp9', width: 640, height: 360, avg_frame_rate: '25/1' }], format: { duration: '10.000', format_name: 'matroska,webm' } });
    expect(parseProbe(mkv, 'b.webm')).toMatchObject({ sourceFrames: 250, headerPackets: null, duration: 10, fps: 25 });
  });

  it('notices rotation metadata', () => {
    const phone = JSON.stringify({ streams: [{ codec_type: 'video', codec_name: 'hevc', width: 1920, height: 1080, avg_frame_rate: '30/1', side_data_list: [{ rotation: -90 }] }], format: {} });
    expect(parseProbe(phone, 'c.mov').rotated).toBe(true);
  });

  it('says clearly when there is no video', () => {
    const audio = JSON.stringify({ streams: [{ codec_type: 'audio' }, { codec_type: 'video', width: 500, height: 500, disposition: { attached_pic: 1 } }], format: {} });
    expect(() => parseProbe(audio, 'song.mp3')).toThrow(/song.mp3 has no video stream/);
    expect(() => parseProbe('{}', 'x.mp4')).toThrow(/not a video/);
    expect(() => parseProbe('', 'x.mp4')).toThrow(/not a video/);
  });
});
