import { describe, expect, it } from 'vitest';
import { areaScale, planeColour, planesOf, thumbnailRgba, yuvToRgba, type PlaneView } from './yuvThumbnail';

const plane = (data: number[], width: number, height: number, step = 1): PlaneView => ({ data: Uint8Array.from(data), offset: 0, stride: width * step, width, height, step });

describe('areaScale', () => {
  it('averages whole blocks when the factor is an integer', () => {
    const p = plane([0, 10, 20, 30, 40, 50, 60, 70], 4, 2);
    expect(Array.from(areaScale(p, 2, 1))).toEqual([(0 + 10 + 40 + 50) / 4, (20 + 30 + 60 + 70) / 4]);
  });

  it('weights partly covered samples by the share they cover (3 → 2)', () => {
    const out = areaScale(plane([0, 30, 90], 3, 1), 2, 1);
    expect(out[0]).toBeCloseTo((0 * 1 + 30 * 0.5) / 1.5, 5);
    expect(out[1]).toBeCloseTo((30 * 0.5 + 90 * 1) / 1.5, 5);
  });

  it('keeps a flat plane flat and reads interleaved samples with their step', () => {
    const flat = areaScale(plane(new Array(1920 * 4).fill(77), 1920, 4), 534, 1);
    expect(Math.max(...flat) - Math.min(...flat)).toBeLessThan(1e-3);
    expect(flat[0]).toBeCloseTo(77, 3);
    const uv = plane([10, 200, 30, 220], 2, 1, 2); // U V U V
    expect(Array.from(areaScale(uv, 1, 1))).toEqual([20]);
    expect(Array.from(areaScale({ ...uv, offset: 1 }, 1, 1))).toEqual([210]);
  });
});

describe('yuvToRgba', () => {
  it('maps limited-range black, white and grey to RGB, BT.601', () => {
    const y = Float32Array.from([16, 235, 126]), c = Float32Array.from([128, 128, 128]);
    const rgba = yuvToRgba(y, c, c, false);
    expect(Array.from(rgba.subarray(0, 4))).toEqual([0, 0, 0, 255]);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([255, 255, 255, 255]);
    expect(rgba[8]).toBe(128);
  });

  it('gives BT.601 red for its YUV (limited range 81, 90, 240)', () => {
    const rgba = yuvToRgba(Float32Array.from([81]), Float32Array.from([90]), Float32Array.from([240]), false);
    expect(rgba[0]).toBeGreaterThan(250);
    expect(rgba[1]).toBeLessThan(5);
    expect(rgba[2]).toBeLessThan(5);
  });
});

describe('planesOf / thumbnailRgba', () => {
  it('finds I420 and NV12 chroma at half size, and both give the same picture', () => {
    const w = 4, h = 2;
    const Y = [16, 16, 235, 235, 16, 16, 235, 235], U = [100, 150], V = [160, 110];
    const i420 = Uint8Array.from([...Y, ...U, ...V]);
    const nv12 = Uint8Array.from([...Y, U[0]!, V[0]!, U[1]!, V[1]!]);
    const [, u] = planesOf('I420', i420, [{ offset: 0, stride: 4 }, { offset: 8, stride: 2 }, { offset: 10, stride: 2 }], w, h);
    expect([u.width, u.height]).toEqual([2, 1]);
    const a = thumbnailRgba('I420', i420, [{ offset: 0, stride: 4 }, { offset: 8, stride: 2 }, { offset: 10, stride: 2 }], w, h, 2, 1, 'yuv-limited');
    const b = thumbnailRgba('NV12', nv12, [{ offset: 0, stride: 4 }, { offset: 8, stride: 4 }], w, h, 2, 1, 'yuv-limited');
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe('planeColour', () => {
  it('reads RGB-coded streams as G, B, R planes, YUV in the tagged range, and leaves untagged 4:4:4 to the canvas', () => {
    expect(planeColour('I444', { matrix: 'rgb', fullRange: true })).toBe('gbr');
    expect(planeColour('I420', { matrix: 'bt709', fullRange: false })).toBe('yuv-limited');
    expect(planeColour('I420', { matrix: null, fullRange: null })).toBe('yuv-limited');
    expect(planeColour('NV12', { matrix: 'smpte170m', fullRange: true })).toBe('yuv-full');
    expect(planeColour('I444', { matrix: null, fullRange: true })).toBeNull(); // Chromium's RGB VP9: the canvas decides
    expect(planeColour('I444', { matrix: 'bt709', fullRange: false })).toBe('yuv-limited');
    const rgba = thumbnailRgba('I444', Uint8Array.from([10, 20, 30]), [{ offset: 0, stride: 1 }, { offset: 1, stride: 1 }, { offset: 2, stride: 1 }], 1, 1, 1, 1, 'gbr');
    expect(Array.from(rgba)).toEqual([30, 10, 20, 255]);
  });
});
