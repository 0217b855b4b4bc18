import { describe, expect, it } from 'vitest';
import { AUDIO_RATE, LoudestBlock, MonoResampler } from './audioResample';

const tone = (rate: number, hz: number, seconds: number, amp = 0.5) => Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate));

/** Resamples in uneven chunks, as decoders deliver them. */
function resample(rate: number, channels: Float32Array[]): Float32Array {
  const r = new MonoResampler(rate);
  const parts: Float32Array[] = [];
  for (let at = 0, k = 0; at < channels[0]!.length; k++) {
    const n = [1024, 333, 4096, 7][k % 4]!;
    parts.push(r.push(channels.map((c) => c.subarray(at, at + n))));
    at += n;
  }
  parts.push(r.flush());
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, (o += p.length) - p.length);
  return out;
}

const rms = (x: Float32Array, from = 0, to = x.length) => Math.sqrt(x.subarray(from, to).reduce((s, v) => s + v * v, 0) / (to - from));

/** The signal's correlation with a sine of that frequency: its amplitude there. */
function amplitudeAt(x: Float32Array, hz: number, rate: number): number {
  let re = 0, im = 0;
  for (let i = 0; i < x.length; i++) {
    re += x[i]! * Math.cos((2 * Math.PI * hz * i) / rate);
    im += x[i]! * Math.sin((2 * Math.PI * hz * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / x.length;
}

describe('MonoResampler', () => {
  for (const rate of [48_000, 44_100, 22_050, 8_000]) {
    it(`keeps a 1 kHz tone's frequency and level from ${rate} Hz, in chunks`, () => {
      const out = resample(rate, [tone(rate, 1000, 2)]);
      expect(Math.abs(out.length - 2 * AUDIO_RATE)).toBeLessThanOrEqual(1);
      const mid = out.subarray(1000, out.length - 1000);
      expect(amplitudeAt(mid, 1000, AUDIO_RATE)).toBeCloseTo(0.5, 2);
      expect(rms(mid)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    });
  }

  it('removes what lies above the stored band instead of folding it back', () => {
    // 11 kHz at 48 kHz would alias to 5 kHz at 16 kHz
    const out = resample(48_000, [tone(48_000, 11_000, 1)]);
    expect(rms(out, 500, out.length - 500)).toBeLessThan(0.01);
  });

  it('mixes channels to mono', () => {
    const left = tone(44_100, 440, 1);
    const out = resample(44_100, [left, Float32Array.from(left, (v) => -v)]);
    expect(rms(out)).toBeLessThan(1e-3);
    const same = resample(44_100, [left, left]);
    expect(amplitudeAt(same.subarray(500, -500), 440, AUDIO_RATE)).toBeCloseTo(0.5, 2);
  });
});

describe('LoudestBlock', () => {
  it('gives the loudest tenth of a second in dBFS, −∞ for digital silence', () => {
    const l = new LoudestBlock();
    l.push(new Float32Array(AUDIO_RATE));
    expect(l.db).toBe(-Infinity);
    l.push(tone(AUDIO_RATE, 440, 0.5, 0.1));
    expect(l.db).toBeCloseTo(20 * Math.log10(0.1 / Math.SQRT2), 1);
  });
});
