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
