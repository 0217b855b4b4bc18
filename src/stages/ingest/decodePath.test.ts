import { describe, expect, it } from 'vitest';
import { chooseDecodePath, containerName, pathReason, type PathFacts } from './decodePath';

const mp4: PathFacts = { setting: 'auto', webcodecs: true, container: 'isobmff', codec: 'avc', support: 'software' };

describe('decode path choice', () => {
  it('takes WebCodecs for a container and codec the browser decodes, saying how', () => {
    expect(chooseDecodePath(mp4)).toEqual({ path: 'webcodecs', hardware: false, forced: false });
    expect(pathReason(chooseDecodePath(mp4))).toBe('WebCodecs · software');
    expect(pathReason(chooseDecodePath({ ...mp4, codec: 'vp9', container: 'matroska', support: 'hardware' }))).toBe('WebCodecs · hardware');
  });

  it('falls back to ffmpeg.wasm with the reason', () => {
    const avi = chooseDecodePath({ ...mp4, container: null, codec: null, support: null });
    expect(avi).toMatchObject({ path: 'ffmpeg', cause: 'container' });
    expect(pathReason(avi, { codec: 'cinepak', container: 'avi' })).toBe('ffmpeg.wasm: cinepak not supported by this browser');
    expect(pathReason(avi, { codec: 'h264', container: 'avi' })).toBe('ffmpeg.wasm: AVI container is not read by the WebCodecs path');
    const mpeg2 = chooseDecodePath({ ...mp4, container: 'mpegts', codec: null, support: null });
    expect(pathReason(mpeg2, { codec: 'mpeg2video' })).toBe('ffmpeg.wasm: mpeg2video not supported by this browser');
    const hevc = chooseDecodePath({ ...mp4, codec: 'hevc', support: 'unsupported' });
    expect(pathReason(hevc, { codec: 'hevc' })).toBe('ffmpeg.wasm: hevc not supported by this browser');
    expect(pathReason(chooseDecodePath({ ...mp4, webcodecs: false }))).toBe('ffmpeg.wasm: this browser has no WebCodecs');
    expect(pathReason({ path: 'ffmpeg', cause: 'failed', forced: false }, { failure: 'at 3.20 s: decoder error' }))
      .toBe('ffmpeg.wasm: WebCodecs failed (at 3.20 s: decoder error); decoded again from the start');
  });

  it('obeys a forced path, except that forcing WebCodecs cannot decode what the browser cannot', () => {
    expect(pathReason(chooseDecodePath({ ...mp4, setting: 'ffmpeg' }))).toBe('ffmpeg.wasm: forced in settings');
    expect(pathReason(chooseDecodePath({ ...mp4, setting: 'webcodecs' }))).toBe('WebCodecs · software (forced in settings)');
    expect(pathReason(chooseDecodePath({ ...mp4, setting: 'webcodecs', codec: 'prores' }), { codec: 'prores' }))
      .toBe('ffmpeg.wasm: prores not supported by this browser (WebCodecs forced in settings)');
  });

  it('names containers from ffprobe format names', () => {
    expect(containerName('mov,mp4,m4a,3gp,3g2,mj2')).toBe('MP4');
    expect(containerName('matroska,webm')).toBe('Matroska');
    expect(containerName('mpegts')).toBe('MPEG-TS');
    expect(containerName('avi')).toBe('AVI');
  });
});
