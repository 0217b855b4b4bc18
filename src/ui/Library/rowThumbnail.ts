// Which stored frame stands for a video in its library row: not frame 0 when
// that is black or flat (a lens cap, a fade-in, a title card) and the video has
// a frame with a picture. Pure: the row measures a few small renderings.

/** Mean luma (0–255, BT.601) and its standard deviation over RGBA pixels. */
export function lumaStats(rgba: Uint8ClampedArray | Uint8Array): { mean: number; std: number } {
  const n = rgba.length / 4;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const y = 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
    sum += y;
    sq += y * y;
  }
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sq / n - mean * mean)) };
}

/** Too dark or too flat to tell a video apart (thresholds: black with noise, a single colour, a faint fade). */
export const isDull = ({ mean, std }: { mean: number; std: number }): boolean => mean < 28 || std < 8;

/** Up to `k` frame indices spread over the stored frames, the first one first: the candidates, in order of preference. */
export function thumbnailCandidates(count: number, k = 6): number[] {
  if (count <= 0) return [];
  const picks = Array.from({ length: Math.min(k, count) }, (_, i) => Math.floor((i * count) / Math.min(k, count)));
  return [...new Set(picks)];
}
