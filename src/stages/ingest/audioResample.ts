// A track's channels mixed to mono and resampled to the stored rate, a chunk
// at a time (an hour of sound never sits in memory): a Hann-windowed sinc
// low-pass at 92 % of the lower Nyquist frequency, so nothing above the stored
// band folds back into it.

/** The rate a video's sound is stored at: speech, music and noise all keep their character at 8 kHz bandwidth. */
export const AUDIO_RATE = 16_000;

/** Zero crossings of the sinc on each side: ≈ 0.1 dB pass-band ripple, > 40 dB stop band. */
const HALF_ZEROS = 8;

export class MonoResampler {
  /** input samples (mono) not yet consumed; buf[0] is input sample `bufStart` */
  private buf = new Float32Array(0);
  private bufStart = 0;
  private filled = 0;
  /** output samples emitted so far */
  private produced = 0;
  private readonly step: number;
  private readonly cutoff: number;
  private readonly half: number;
  private readonly kernel: Float32Array;

  constructor(private readonly inRate: number, private readonly outRate = AUDIO_RATE) {
    if (!(inRate > 0)) throw new Error(`bad input rate ${inRate}`);
    this.step = inRate / outRate;
    // cutoff in cycles per input sample
    this.cutoff = 0.46 * Math.min(1, outRate / inRate);
    this.half = Math.ceil(HALF_ZEROS / (2 * this.cutoff));
    this.kernel = kernelTable(this.cutoff, this.half);
  }

  /** Mixes `channels` (equal lengths) into the input and returns the output samples now complete. */
  push(channels: Float32Array[]): Float32Array {
    const n = channels[0]?.length ?? 0;
    this.reserve(n);
    const k = channels.length;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += channels[c]![i]!;
      this.buf[this.filled + i] = s / k;
    }
    this.filled += n;
    return this.drain(false);
  }

  /** The last outputs, the input after the end taken as silence. */
  flush(): Float32Array {
    return this.drain(true);
  }

  private reserve(n: number): void {
    if (this.filled + n <= this.buf.length) return;
    const next = new Float32Array(Math.max(2 * this.buf.length, this.filled + n, 4096));
    next.set(this.buf.subarray(0, this.filled));
    this.buf = next;
  }

  private drain(final: boolean): Float32Array {
    const end = this.bufStart + this.filled; // one past the last input sample
    const last = final ? end : end - this.half; // outputs whose taps are all read
    const out = new Float32Array(Math.max(0, Math.ceil(last / this.step) - this.produced));
    for (let o = 0; o < out.length; o++) out[o] = this.at(this.produced++ * this.step);
    // keep only what later outputs still read
    const keepFrom = Math.max(this.bufStart, Math.floor(this.produced * this.step) - this.half - 1);
    const drop = keepFrom - this.bufStart;
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.filled);
      this.filled -= drop;
      this.bufStart = keepFrom;
    }
    return out;
  }

  private at(t: number): number {
    const base = Math.floor(t);
    let phase = Math.round((t - base) * PHASES);
    const first = base - this.half + 1 + (phase === PHASES ? 1 : 0);
    if (phase === PHASES) phase = 0;
    const taps = 2 * this.half;
    const k = this.kernel.subarray(phase * taps, (phase + 1) * taps);
    const lo = Math.max(this.bufStart, first);
    const hi = Math.min(this.bufStart + this.filled, first + taps);
    let sum = 0, weights = 0;
    for (let i = lo; i < hi; i++) {
      const w = k[i - first]!;
      sum += w * this.buf[i - this.bufStart]!;
      weights += w;
    }
    // unit gain at DC, also where the kernel is cut by the start or the end
    return weights > 1e-9 ? sum / weights : 0;
  }
}

/** Fractional positions between input samples the kernel is tabulated at (nearest is used: < −60 dB error). */
const PHASES = 512;

/** The windowed sinc at every phase: row p holds the taps for first = floor(t) − half + 1, t = floor(t) + p / PHASES. */
function kernelTable(cutoff: number, half: number): Float32Array {
  const taps = 2 * half;
  const table = new Float32Array(PHASES * taps);
  for (let p = 0; p < PHASES; p++) {
    for (let j = 0; j < taps; j++) {
      const d = j - half + 1 - p / PHASES;
      const x = 2 * cutoff * d;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      table[p * taps + j] = Math.abs(d) >= half ? 0 : sinc * (0.5 + 0.5 * Math.cos((Math.PI * d) / half));
    }
  }
  return table;
}

/** The loudest tenth of a second seen so far, in dBFS (−∞ while all is digital silence). */
export class LoudestBlock {
  private sum = 0;
  private n = 0;
  private best = 0;

  constructor(private readonly block = AUDIO_RATE / 10) {}

  push(x: Float32Array): void {
    for (let i = 0; i < x.length; i++) {
      this.sum += x[i]! * x[i]!;
      if (++this.n === this.block) this.close();
    }
  }

  get db(): number {
    if (this.n) this.close();
    return 10 * Math.log10(this.best);
  }

  private close(): void {
    this.best = Math.max(this.best, this.sum / this.n);
    this.sum = this.n = 0;
  }
}
