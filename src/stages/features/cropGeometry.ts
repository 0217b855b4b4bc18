// The reference design's crops: a wide frame (534×300) gives a left and a
// right square (300×300), each resized to the model input, and the two
// descriptors are concatenated. Near-square frames (aspect ≤ 1.2) give one
// centre square, whose descriptor fills both halves so every frame of every
// video has the same dimension.
export interface Crop {
  sx: number;
  sy: number;
  side: number;
}

export const SQUARE_ASPECT = 1.2;

export function frameCrops(width: number, height: number): [Crop, Crop] | [Crop] {
  const side = Math.min(width, height);
  if (Math.max(width, height) / side <= SQUARE_ASPECT) {
    return [{ sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), side }];
  }
  if (width >= height) return [{ sx: 0, sy: 0, side }, { sx: width - side, sy: 0, side }];
  // Portrait video: top and bottom squares.
  return [{ sx: 0, sy: 0, side }, { sx: 0, sy: height - side, side }];
}

/** A source rectangle of a frame, drawn onto the model's input. */
export interface Region {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
}

/**
 * The crops a model with a descriptor takes (imageModel.ts): the reference's halves (frameCrops), one centre
 * square, or the whole frame, squeezed to the input's size.
 */
export function cropRegions(policy: 'halves' | 'centre' | 'whole', width: number, height: number): Region[] {
  const square = (c: Crop): Region => ({ sx: c.sx, sy: c.sy, sw: c.side, sh: c.side });
  if (policy === 'whole') return [{ sx: 0, sy: 0, sw: width, sh: height }];
  if (policy === 'centre') {
    const side = Math.min(width, height);
    return [{ sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), sw: side, sh: side }];
  }
  return frameCrops(width, height).map(square);
}
