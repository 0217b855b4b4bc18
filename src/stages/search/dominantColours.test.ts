import { describe, expect, it } from 'vitest';
import { deltaE2000, hexToRgb } from '../../core/colourSpace';
import { imagePalette, labToCss, mergePalettes, paletteDistance, rgbToLab, PALETTE_FLOATS } from './dominantColours';

function image(parts: [number, [number, number, number]][]): Uint8Array {
  const px: number[] = [];
  for (const [count, [r, g, b]] of parts) for (let i = 0; i < count; i++) px.push(r, g, b, 255);
  return Uint8Array.from(px);
}

describe('dominant colours', () => {
  it('converts sRGB to Lab like the reference values', () => {
    expect(rgbToLab(255, 255, 255).map((v) => Math.round(v) + 0)).toEqual([100, 0, 0]);
    expect(rgbToLab(255, 0, 0).map((v) => Math.round(v))).toEqual([53, 80, 67]);
  });

  it('finds the colours and their shares, heaviest first', () => {
    const p = imagePalette(image([[600, [20, 60, 200]], [300, [240, 200, 40]], [100, [10, 10, 10]]]));
    expect(p.length).toBe(PALETTE_FLOATS);
    const blue = rgbToLab(20, 60, 200);
    expect(p[0]).toBeCloseTo(blue[0], 1);
    expect(p[3]).toBeCloseTo(0.6, 2);
    expect(p[7]).toBeCloseTo(0.3, 2);
    expect(p[11]).toBeCloseTo(0.1, 2);
  });

  it('ranks palettes by how alike they look', () => {
    const sea = imagePalette(image([[700, [20, 60, 200]], [300, [240, 240, 250]]]));
    const sea2 = imagePalette(image([[650, [25, 70, 190]], [350, [235, 235, 245]]]));
    const desert = imagePalette(image([[700, [210, 170, 90]], [300, [120, 160, 230]]]));
    expect(paletteDistance(sea, sea)).toBeCloseTo(0, 5);
    expect(paletteDistance(sea, sea2)).toBeLessThan(paletteDistance(sea, desert) / 4);
    expect(paletteDistance(sea, desert)).toBeCloseTo(paletteDistance(desert, sea), 5);
    const both = new Float32Array([...sea, ...desert]);
    expect(paletteDistance(both, desert, PALETTE_FLOATS, 0)).toBeCloseTo(0, 5);
    const merged = mergePalettes(new Float32Array([...sea, ...sea2]));
    expect(paletteDistance(merged, sea)).toBeLessThan(5);
  });

  it('shows swatches as the colours measured (sRGB hex, not D50 CSS lab())', () => {
    for (const hex of ['#ff0000', '#00ff00', '#0000ff', '#ffffff', '#000000', '#0080ff']) {
      const lab = rgbToLab(...hexToRgb(hex));
      const css = labToCss(...lab);
      expect(css).toMatch(/^#[0-9a-f]{6}$/);
      expect(deltaE2000(lab, rgbToLab(...hexToRgb(css)))).toBeLessThan(1);
    }
    // A palette stores float32 Lab: the swatch of a computed palette is still the colour.
    const p = imagePalette(image([[10, [0, 128, 255]]]));
    expect(labToCss(p[0]!, p[1]!, p[2]!)).toBe('#0080ff');
  });
});
