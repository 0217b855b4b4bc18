// How densely to sample a query clip. Twice the library's rate puts clip frames
// between stored ones; 2–8 a second whatever the library; at most 64 frames
// (embedding cost, evenly thinned) over at most the first 30 s (clips are short).

export const CLIP_MAX_SECONDS = 30;
export const CLIP_MAX_FRAMES = 64;

/** Frames per second to sample a clip at; `libraryStep`: median seconds between stored frames. */
export function clipFps(libraryStep: number): number {
  return Math.min(8, Math.max(2, 2 / (libraryStep > 0 ? libraryStep : 1)));
}
