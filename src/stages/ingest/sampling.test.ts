import { describe, expect, it } from 'vitest';
import { effectiveSampling, expectedKept, nominalTime, sanitizeParams, scaledWidth, selectExpression, DEFAULT_PARAMS } from './sampling';
import { filterGraph, jpegQscale, sampleArgs } from './ffmpegArgs';

describe('sampling', () => {
  it('keeps every Nth frame with ceil(frames / N) frames', () => {
    expect(expectedKept(360, 12, { mode: 'every-nth', n: 20 })).toBe(18);
    expect(expectedKept(250, 10, { mode: 'every-nth', n: 20 })).toBe(13);
    expect(expectedKept(null, 10, { mode: 'every-nth', n: 20 })).toBeNull();
  });

  it('keeps duration × rate frames in fps mode', () => {
    expect(expectedKept(null, 10, { mode: 'fps', fps: 2 })).toBe(20);
    expect(expectedKept(300, 10.1, { mode: 'fps', fps: 1 })).toBe(11);
  });

  it('scales to the target height keeping the display aspect, even width like ffmpeg -2', () => {
    expect(scaledWidth(1280, 720, 1, 300)).toBe(534);
    expect(scaledWidth(1920, 1080, 1, 300)).toBe(534);
    expect(scaledWidth(640, 480, 1, 300)).toBe(400);
    // anamorphic PAL DV: 720×576 with 16:15 pixels displays at 4:3
    expect(scaledWidth(720, 576, 16 / 15, 300)).toBe(400);
    expect(scaledWidth(1080, 1920, 1, 300)).toBe(168);
  });

  it('builds select expressions with escaped commas', () => {
    expect(selectExpression({ mode: 'every-nth', n: 20 })).toBe('not(mod(n\\,20))');
    expect(selectExpression({ mode: 'fps', fps: 2 })).toContain('floor(t*2)');
  });

  it('falls back to nominal times from the frame rate', () => {
    expect(nominalTime(3, { mode: 'every-nth', n: 20 }, 30)).toBe(2);
    expect(nominalTime(3, { mode: 'fps', fps: 2 }, null)).toBe(1.5);
    expect(nominalTime(3, { mode: 'every-nth', n: 20 }, null)).toBeNaN();
  });

  it('sanitises out-of-range settings', () => {
    const p = sanitizeParams({ sampling: { mode: 'every-nth', n: -3 }, height: 1e9, format: 'gif' as never, quality: NaN });
    expect(p).toEqual({ sampling: { mode: 'every-nth', n: 1 }, height: 2160, format: 'webp', quality: 80, decoder: 'auto', keyframesOnly: false });
    expect(sanitizeParams({ ...p, decoder: 'ffmpeg', keyframesOnly: true })).toMatchObject({ decoder: 'ffmpeg', keyframesOnly: true });
    expect(sanitizeParams({ ...p, decoder: 'vlc' as never })).toMatchObject({ decoder: 'auto' });
  });

  it('turns every-Nth into time buckets of N / fps when only keyframes are decoded', () => {
    expect(effectiveSampling({ sampling: { mode: 'every-nth', n: 20 }, keyframesOnly: false }, 30)).toEqual({ mode: 'every-nth', n: 20 });
    expect(effectiveSampling({ sampling: { mode: 'every-nth', n: 20 }, keyframesOnly: true }, 30)).toEqual({ mode: 'fps', fps: 1.5 });
    expect(effectiveSampling({ sampling: { mode: 'fps', fps: 2 }, keyframesOnly: true }, 30)).toEqual({ mode: 'fps', fps: 2 });
    expect(effectiveSampling({ sampling: { mode: 'every-nth', n: 25 }, keyframesOnly: true }, null)).toEqual({ mode: 'fps', fps: 1 });
  });

  it('tells ffmpeg to skip non-key frames in keyframes-only mode', () => {
    const args = sampleArgs('/in/x.mp4', { ...DEFAULT_PARAMS, keyframesOnly: true }, 2, undefined, 30);
    expect(args.slice(args.indexOf('-skip_frame'), args.indexOf('-skip_frame') + 3)).toEqual(['-skip_frame', 'nokey', '-i']);
    expect(args[args.indexOf('-vf') + 1]).toContain('floor(t*1.5)');
    expect(sampleArgs('/in/x.mp4', DEFAULT_PARAMS, 2)).not.toContain('-skip_frame');
  });
});

describe('ffmpeg arguments', () => {
  it('samples, scales, logs timestamps and pipes images', () => {
    const args = sampleArgs('/in/input.mp4', DEFAULT_PARAMS, 4);
    expect(args.slice(args.indexOf('-threads'), args.indexOf('-threads') + 2)).toEqual(['-threads', '4']);
    expect(args).toContain('libwebp');
    // Set on every run: the core's log level is global, and ffprobe's `-v error` would hide showinfo's times.
    expect(args.slice(args.indexOf('-v'), args.indexOf('-v') + 2)).toEqual(['-v', 'verbose']);
    expect(args.slice(-3)).toEqual(['-f', 'image2pipe', '/frames.pipe']);
    expect(filterGraph(DEFAULT_PARAMS)).toBe('select=not(mod(n\\,20)),scale=w=round(150*dar)*2:h=300:flags=area:in_color_matrix=auto:out_color_matrix=bt601:out_range=tv,setsar=1,showinfo');
  });

  it('maps JPEG quality onto mjpeg qscale', () => {
    expect(jpegQscale(100)).toBe(2);
    expect(jpegQscale(1)).toBe(31);
    expect(sampleArgs('/in/a.mp4', { ...DEFAULT_PARAMS, format: 'jpeg', quality: 100 }, 1)).toContain('mjpeg');
  });
});
