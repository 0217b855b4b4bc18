import { describe, expect, it } from 'vitest';
import { applyTransform, drawTransform, normaliseRotation, thumbnailSize } from './frameGeometry';

describe('thumbnail geometry (ffmpeg autorotate + scale=round(150*dar)*2:300)', () => {
  it('keeps the display aspect, pixel aspect included', () => {
    expect(thumbnailSize(1280, 720, 1, 0, 300)).toEqual({ width: 534, height: 300 });
    expect(thumbnailSize(720, 576, 64 / 45, 0, 300)).toEqual({ width: 534, height: 300 });
  });

  it('swaps the sides and inverts the pixel aspect for a quarter turn', () => {
    expect(thumbnailSize(1280, 720, 1, 90, 300)).toEqual({ width: 168, height: 300 });
    expect(thumbnailSize(1280, 720, 1, 270, 300)).toEqual({ width: 168, height: 300 });
    // 720×576 at 64:45 shows 1024×576; turned: 576×1024
    expect(thumbnailSize(720, 576, 64 / 45, 90, 300)).toEqual({ width: 168, height: 300 });
    expect(thumbnailSize(1280, 720, 1, 180, 300)).toEqual({ width: 534, height: 300 });
  });

  it('turns the picture clockwise like transpose=clock', () => {
    // A 168×300 output from a landscape source drawn at 300×168.
    const { matrix, drawWidth, drawHeight } = drawTransform({ rotation: 90, flip: false }, 168, 300);
    expect([drawWidth, drawHeight]).toEqual([300, 168]);
    expect(applyTransform(matrix, 0, 0)).toEqual([168, 0]); // top-left → top-right
    expect(applyTransform(matrix, 300, 0)).toEqual([168, 300]); // top-right → bottom-right
    expect(applyTransform(matrix, 0, 168)).toEqual([0, 0]); // bottom-left → top-left
  });

  it('turns 180° and 270°, and mirrors after turning', () => {
    expect(applyTransform(drawTransform({ rotation: 180, flip: false }, 534, 300).matrix, 0, 0)).toEqual([534, 300]);
    const ccw = drawTransform({ rotation: 270, flip: false }, 168, 300).matrix;
    expect(applyTransform(ccw, 0, 0)).toEqual([0, 300]); // top-left → bottom-left
    const mirrored = drawTransform({ rotation: 0, flip: true }, 534, 300).matrix;
    expect(applyTransform(mirrored, 0, 0)).toEqual([534, 0]);
    const cwMirrored = drawTransform({ rotation: 90, flip: true }, 168, 300).matrix;
    expect(applyTransform(cwMirrored, 0, 0)).toEqual([0, 0]);
  });

  it('normalises rotation values', () => {
    expect(normaliseRotation(-90)).toBe(270);
    expect(normaliseRotation(450)).toBe(90);
    expect(normaliseRotation(0)).toBe(0);
  });
});
