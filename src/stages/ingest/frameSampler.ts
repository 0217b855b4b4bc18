// The WebCodecs path's twin of ffmpeg's `select` filter (sampling.ts selectExpression):
// decides per decoded frame, in presentation order, whether to keep it. Pure.
import type { Sampling } from './sampling';

export class FrameSampler {
  /** frames seen so far: select's `n` (every decoded frame counts, kept or not) */
  private n = 0;
  /** time of the last kept frame: select's `prev_selected_t` */
  private prevSelected: number | null = null;

  /** `maxSeconds`: keep nothing at or past this source time (ffmpeg's output `-t`, for query clips). */
  constructor(
    private readonly rule: Sampling,
    private readonly maxSeconds: number | null = null,
  ) {}

  /** Whether the next frame, at source time `t` seconds, is kept. Call once per frame, in presentation order. */
  keep(t: number): boolean {
    const n = this.n++;
    if (this.maxSeconds !== null && t >= this.maxSeconds) return false;
    let keep: boolean;
    if (this.rule.mode === 'every-nth') keep = n % this.rule.n === 0;
    else {
      const fps = this.rule.fps;
      keep = this.prevSelected === null || Math.floor(t * fps) > Math.floor(this.prevSelected * fps);
    }
    if (keep) this.prevSelected = t;
    return keep;
  }

  /** Frames seen (kept or not). */
  get seen(): number {
    return this.n;
  }
}
