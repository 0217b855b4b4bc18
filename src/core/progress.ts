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

/** Progress of one task among several running side by side, with how far into its source it is (0–1, or unknown). */
export type PartProgress = ProgressFigures & { fraction: number | null };

/**
 * The figures of tasks running at once, as one: counts and rates add up, the time left is the slowest one's, and
 * how far along is their mean (an unknown part counts as not begun). Null when none runs.
 */
export function combineProgress(parts: readonly PartProgress[]): PartProgress | null {
  if (parts.length <= 1) return parts[0] ?? null;
  const known = <T>(xs: (T | null)[]): T[] | null => (xs.every((x) => x !== null) ? (xs as T[]) : null);
  const totals = known(parts.map((p) => p.total));
  const rates = parts.map((p) => p.rate).filter((r): r is number => r !== null);
  const etas = known(parts.map((p) => p.eta));
  return {
    done: parts.reduce((s, p) => s + p.done, 0),
    total: totals ? totals.reduce((s, t) => s + t, 0) : null,
    rate: rates.length ? rates.reduce((s, r) => s + r, 0) : null,
    eta: etas ? Math.max(...etas) : null,
    fraction: parts.reduce((s, p) => s + (p.fraction ?? 0), 0) / parts.length,
  };
}
