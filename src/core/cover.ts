// "object-fit: cover" for drawing: the centred part of a source that fills a
// w × h box at one scale (the longer side cropped). Map tiles, poster tiles and
// frames taken from original videos all fit frames to cells this way.
export interface Crop {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
}

export function coverCrop(srcW: number, srcH: number, w: number, h: number): Crop {
  const s = Math.max(w / srcW, h / srcH);
  const sw = w / s, sh = h / s;
  return { sx: (srcW - sw) / 2, sy: (srcH - sh) / 2, sw, sh };
}

/** Draws `img` to fill the rectangle, cropping the longer side. */
export function drawCover(ctx: OffscreenCanvasRenderingContext2D, img: ImageBitmap, x: number, y: number, w: number, h: number): void {
  const c = coverCrop(img.width, img.height, w, h);
  ctx.drawImage(img, c.sx, c.sy, c.sw, c.sh, x, y, w, h);
}
