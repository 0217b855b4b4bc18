// Thumbnail size and the canvas transform that turns a decoded picture the way
// ffmpeg's autorotate does (display matrix: transpose=clock for 90°, hflip+vflip
// for 180°, transpose=cclock for 270°, then an optional horizontal flip), at the
// display aspect (pixel aspect included). Pure.
import { scaledWidth } from './sampling';

export type Rotation = 0 | 90 | 180 | 270;

export interface Orientation {
  /** clockwise degrees the picture is turned for display */
  rotation: Rotation;
  /** mirrored left–right after the rotation */
  flip: boolean;
}

export const isQuarterTurn = (r: Rotation): boolean => r === 90 || r === 270;

/** Stored size, pixel aspect and rotation → the thumbnail's size, as the ffmpeg filtergraph scales it. */
export function thumbnailSize(width: number, height: number, sar: number, rotation: Rotation, targetHeight: number): { width: number; height: number } {
  // transpose swaps the sides and inverts the pixel aspect (ffmpeg's vf_transpose).
  const turned = isQuarterTurn(rotation);
  const [w, h] = turned ? [height, width] : [width, height];
  const s = sar > 0 ? sar : 1;
  return { width: scaledWidth(w, h, turned ? 1 / s : s, targetHeight), height: targetHeight };
}

/**
 * The 2-D canvas transform [a, b, c, d, e, f] (as setTransform) and the size to draw the unturned picture at,
 * so that drawImage(frame, 0, 0, drawWidth, drawHeight) fills an outWidth × outHeight canvas turned for display.
 */
export function drawTransform(o: Orientation, outWidth: number, outHeight: number): { matrix: [number, number, number, number, number, number]; drawWidth: number; drawHeight: number } {
  const W = outWidth, H = outHeight;
  let m: [number, number, number, number, number, number];
  switch (o.rotation) {
    case 90: m = [0, 1, -1, 0, W, 0]; break; // (x, y) → (W − y, x)
    case 180: m = [-1, 0, 0, -1, W, H]; break; // (x, y) → (W − x, H − y)
    case 270: m = [0, -1, 1, 0, 0, H]; break; // (x, y) → (y, H − x)
    default: m = [1, 0, 0, 1, 0, 0];
  }
  if (o.flip) m = [-m[0], m[1], -m[2], m[3], W - m[4], m[5]]; // then x → W − x
  const turned = isQuarterTurn(o.rotation);
  return { matrix: m, drawWidth: turned ? H : W, drawHeight: turned ? W : H };
}

/** Applies a transform to a point (for tests and checks). */
export function applyTransform(m: readonly number[], x: number, y: number): [number, number] {
  return [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
}

/** mediabunny's rotation value (any multiple of 90, possibly negative) as a clockwise quarter turn. */
export function normaliseRotation(deg: number): Rotation {
  const r = (((Math.round(deg / 90) * 90) % 360) + 360) % 360;
  return r as Rotation;
}
