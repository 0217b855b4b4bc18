// Rate and ETA for long tasks, smoothed so the numbers do not jitter.
export interface ProgressFigures {
  done: number;
  total: number | null;
  /** items per second, smoothed; null until two samples exist */
  rate: number | null;
  /** seconds remaining; null when unknown */
  eta: number | null;
}

export class RateMeter {
  private lastT: number | null = null;
  private lastDone = 0;
  private smoothed: number | null = null;

  /** @param halfLife seconds after which an old rate sample weighs half */
  constructor(private readonly halfLife = 3) {}

  sample(done: number, total: number | null, nowMs: number): ProgressFigures {
    if (this.lastT !== null && nowMs > this.lastT && done >= this.lastDone) {
      const dt = (nowMs - this.lastT) / 1000;
      const inst = (done - this.lastDone) / dt;
      const w = this.smoothed === null ? 1 : 1 - Math.pow(0.5, dt / this.halfLife);
      this.smoothed = this.smoothed === null ? inst : this.smoothed + w * (inst - this.smoothed);
    }
    this.lastT = nowMs;
    this.lastDone = done;
    const rate = this.smoothed;
    const eta = rate && rate > 0 && total !== null ? Math.max(0, total - done) / rate : null;
    return { done, total, rate, eta };
  }
}
