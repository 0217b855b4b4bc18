import { describe, expect, it } from 'vitest';
import { areaScale, MATRIX_WEIGHTS, planeColour, planesOf, thumbnailRgba, yuvToRgba, type PlaneColour, type PlaneView } from './yuvThumbnail';

const LIMITED_601: PlaneColour = { kind: 'yuv', matrix: 'bt601', fullRange: false };

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

  it('reads each matrix\'s own YUV of a skin tone and a leaf green back as them (BT.709, BT.2020), which BT.601 would not', () => {
    // Limited-range YUV of an RGB colour (0–1) under weights Kr, Kb.
    const yuv = ([kr, kb]: readonly [number, number], [r, g, b]: number[]) => {
      const y = kr * r! + (1 - kr - kb) * g! + kb * b!;
      return [16 + 219 * y, 128 + 224 * ((b! - y) / (2 * (1 - kb))), 128 + 224 * ((r! - y) / (2 * (1 - kr)))];
    };
    for (const m of ['bt709', 'bt2020'] as const) {
      for (const rgb of [[0.8, 0.2, 0.1], [0.2, 0.6, 0.3]]) {
        const [y, u, v] = yuv(MATRIX_WEIGHTS[m], rgb).map((x) => Float32Array.from([x]));
        const own = yuvToRgba(y!, u!, v!, false, m);
        own.subarray(0, 3).forEach((c, i) => expect(Math.abs(c - rgb[i]! * 255), `${m} ${rgb.join(',')}`).toBeLessThanOrEqual(1));
        const as601 = yuvToRgba(y!, u!, v!, false, 'bt601');
        expect(Math.max(...Array.from(as601.subarray(0, 3), (c, i) => Math.abs(c - rgb[i]! * 255)))).toBeGreaterThan(4);
      }
    }
  });

  it('reads full-range YUV without the limited range\'s offsets', () => {
    const rgba = yuvToRgba(Float32Array.from([0, 255]), Float32Array.from([128, 128]), Float32Array.from([128, 128]), true, 'bt709');
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
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
    const a = thumbnailRgba('I420', i420, [{ offset: 0, stride: 4 }, { offset: 8, stride: 2 }, { offset: 10, stride: 2 }], w, h, 2, 1, LIMITED_601);
    const b = thumbnailRgba('NV12', nv12, [{ offset: 0, stride: 4 }, { offset: 8, stride: 4 }], w, h, 2, 1, LIMITED_601);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe('deeper samples', () => {
  it('reads 10- and 12-bit planes from copyTo\'s 16-bit words (byte layouts) as the 8-bit picture they round to', () => {
    const w = 4, h = 2;
    const Y8 = [16, 60, 235, 235, 16, 60, 235, 235], U8 = [100, 150], V8 = [160, 110];
    const eight = thumbnailRgba('I420', Uint8Array.from([...Y8, ...U8, ...V8]), [{ offset: 0, stride: 4 }, { offset: 8, stride: 2 }, { offset: 10, stride: 2 }], w, h, 2, 1, LIMITED_601);
    for (const [format, bits] of [['I420P10', 10], ['I420P12', 12]] as const) {
      const words = Uint16Array.from([...Y8, ...U8, ...V8].map((x) => x * 2 ** (bits - 8)));
      const bytes = new Uint8Array(words.buffer);
      const deep = thumbnailRgba(format, bytes, [{ offset: 0, stride: 8 }, { offset: 16, stride: 4 }, { offset: 20, stride: 4 }], w, h, 2, 1, LIMITED_601);
      expect(Array.from(deep), format).toEqual(Array.from(eight));
    }
  });

  it('finds 4:2:2 and 4:4:4 chroma of deep formats at their sizes', () => {
    const layout = [{ offset: 0, stride: 8 }, { offset: 16, stride: 8 }, { offset: 32, stride: 8 }];
    const bytes = new Uint8Array(48);
    expect(planesOf('I444P10', bytes, layout, 4, 2).map((p) => [p.width, p.height, p.offset, p.stride])).toEqual([[4, 2, 0, 4], [4, 2, 8, 4], [4, 2, 16, 4]]);
    expect(planesOf('I422P10', bytes, layout, 4, 2)[1]).toMatchObject({ width: 2, height: 2 });
  });
});

describe('planeColour', () => {
  it('reads RGB-coded streams as G, B, R planes, YUV with the tagged matrix and range, and leaves what it cannot tell to the canvas', () => {
    expect(planeColour('I444', { matrix: 'rgb', fullRange: true })).toEqual({ kind: 'gbr' });
    expect(planeColour('I420', { matrix: 'bt709', fullRange: false })).toEqual({ kind: 'yuv', matrix: 'bt709', fullRange: false });
    expect(planeColour('I420', { matrix: null, fullRange: null })).toEqual(LIMITED_601); // untagged: BT.601, as ffmpeg
    expect(planeColour('NV12', { matrix: 'smpte170m', fullRange: true })).toEqual({ kind: 'yuv', matrix: 'bt601', fullRange: true });
    expect(planeColour('I420', { matrix: 'bt470bg', fullRange: false })).toEqual(LIMITED_601);
    expect(planeColour('I420', { matrix: 'bt2020-ncl', fullRange: false })).toEqual({ kind: 'yuv', matrix: 'bt2020', fullRange: false });
    expect(planeColour('I444', { matrix: null, fullRange: true })).toBeNull(); // Chromium's RGB VP9: the canvas decides
    expect(planeColour('I444P10', { matrix: null, fullRange: false })).toBeNull();
    expect(planeColour('I420', { matrix: 'ycgco', fullRange: false })).toBeNull(); // a matrix not handled here
    expect(planeColour('I444', { matrix: 'bt709', fullRange: false })).toEqual({ kind: 'yuv', matrix: 'bt709', fullRange: false });
    const rgba = thumbnailRgba('I444', Uint8Array.from([10, 20, 30]), [{ offset: 0, stride: 1 }, { offset: 1, stride: 1 }, { offset: 2, stride: 1 }], 1, 1, 1, 1, { kind: 'gbr' });
    expect(Array.from(rgba)).toEqual([30, 10, 20, 255]);
  });
});
