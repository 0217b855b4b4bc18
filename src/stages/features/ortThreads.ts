// How many threads onnxruntime-web's WebAssembly gets for the next extraction. While videos decode, one core is
// left to the decoder: the model's thread pool waits for its slowest thread at every layer, and a thread sharing a
// core with the decoder holds all the others up (bench:first-map, 10 min of 1080p on 2 cores: the complete map at
// 196–231 s with two threads beside the decoder, 170–177 s with one). Pure.

/** Frames an extraction must have ahead of it to be worth starting a worker with more threads (a second or two). */
export const RAISE_MIN_FRAMES = 256;

export interface ThreadsQuery {
  /** threads onnxruntime-web may use at most here (ortThreadCap) */
  max: number;
  /** whether some video is being decoded meanwhile */
  decoding: boolean;
  /** threads the live worker started with, null when there is none */
  current: number | null;
  /** frames the extraction has to embed */
  frames: number;
}

export function ortThreads({ max, decoding, current, frames }: ThreadsQuery): number {
  const wanted = decoding ? Math.max(1, max - 1) : max;
  // Fewer threads at once (contention costs more than a restart); more only for a job long enough to win it back.
  if (current === null || wanted < current) return wanted;
  return wanted > current && frames >= RAISE_MIN_FRAMES ? wanted : current;
}
