import { describe, expect, it } from 'vitest';
import { deltaE2000, hexToRgb, labToRgb, rgbToHex, rgbToLab } from './colourSpace';

describe('CIEDE2000', () => {
  // Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes…", table 1.
  const pairs: [number[], number[], number][] = [
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425], // 1
    [[50, 0, 0], [50, -1, 2], 2.3669], // 7
    [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792], // 9: hue mean across 0°/360°
    [[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195], // 11
    [[50, -0.001, 2.49], [50, 0.0009, -2.49], 4.8045], // 13
    [[50, 2.5, 0], [73, 25, -18], 27.1492], // 17
    [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644], // 25
    [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082], // 34
  ];
  it.each(pairs)('%j vs %j → %d', (a, b, want) => {
    expect(deltaE2000(a, b)).toBeCloseTo(want, 4);
    expect(deltaE2000(b, a)).toBeCloseTo(want, 4);
  });
});

describe('sRGB ↔ Lab (D65)', () => {
  it('parses and writes hex', () => {
    expect(hexToRgb('#0080ff')).toEqual([0, 128, 255]);
    expect(hexToRgb('#FfF')).toEqual([255, 255, 255]);
    expect(rgbToHex(0, 128, 255)).toBe('#0080ff');
    expect(() => hexToRgb('lab(50 0 0)')).toThrow();
  });

  it('inverts its own conversion exactly (sRGB grid in steps of 17)', () => {
    for (let r = 0; r < 256; r += 17) for (let g = 0; g < 256; g += 17) for (let b = 0; b < 256; b += 17) {
      expect(labToRgb(...rgbToLab(r, g, b))).toEqual([r, g, b]);
    }
  });

  it('clamps colours outside the sRGB gamut', () => {
    expect(labToRgb(100, 0, 0)).toEqual([255, 255, 255]);
    expect(labToRgb(0, 0, 0)).toEqual([0, 0, 0]);
    const vivid = labToRgb(50, 120, -120);
    for (const c of vivid) expect(Number.isInteger(c) && c >= 0 && c <= 255).toBe(true);
    expect(labToRgb(110, 0, 0)).toEqual([255, 255, 255]);
    expect(labToRgb(-5, 0, 0)).toEqual([0, 0, 0]);
  });
});
