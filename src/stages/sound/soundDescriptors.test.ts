import { describe, expect, it } from 'vitest';
import { muLawEncode } from '../../core/muLaw';
import { rng } from '../../core/random';
import { analysisFrames, frameDescriptors, SOUND_DIM, standardiseRows } from './soundDescriptors';

const RATE = 16_000;

/** A sound of parts, each `seconds` long: a tone (Hz), white noise, or silence. */
function sound(parts: ('noise' | 'silence' | number)[], seconds = 3): Uint8Array {
  const random = rng(7);
  const x = new Float32Array(parts.length * seconds * RATE);
  parts.forEach((p, k) => {
    for (let i = 0; i < seconds * RATE; i++) {
      const t = i / RATE;
      x[k * seconds * RATE + i] = p === 'silence' ? 0 : p === 'noise' ? (random() - 0.5) * 0.6 : 0.4 * Math.sin(2 * Math.PI * p * t) + 0.2 * Math.sin(4 * Math.PI * p * t);
    }
  });
  return muLawEncode(x);
}

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const row = (rows: Float32Array, r: number) => rows.subarray(r * SOUND_DIM, (r + 1) * SOUND_DIM);

describe('sound descriptors', () => {
  it('describe each stored frame by the second around it: tones near tones of their pitch, noise near noise', () => {
    // 0–3 s: 440 Hz, 3–6 s: noise, 6–9 s: 440 Hz again, 9–12 s: 1,250 Hz, 12–15 s: silence
    const frames = analysisFrames(sound([440, 'noise', 440, 1250, 'silence']), RATE);
    const times = [1.5, 4.5, 7.5, 10.5, 13.5, 4.0];
    const rows = standardiseRows(frameDescriptors(frames, RATE, times), SOUND_DIM);
    const [toneA, noise, toneB, high, quiet, noise2] = times.map((_, r) => row(rows, r));
    expect(cos(toneA!, toneB!)).toBeGreaterThan(0.95);
    expect(cos(noise!, noise2!)).toBeGreaterThan(0.9);
    expect(cos(toneA!, toneB!)).toBeGreaterThan(cos(toneA!, high!) + 0.2);
    for (const other of [noise!, quiet!]) expect(cos(toneA!, other)).toBeLessThan(0.5);
    expect(cos(noise!, quiet!)).toBeLessThan(0.5);
  });

  it('give a frame past the end of the sound the descriptor of silence', () => {
    const frames = analysisFrames(sound([440, 'silence']), RATE);
    const d = frameDescriptors(frames, RATE, [4.5, 30]);
    for (let f = 0; f < SOUND_DIM; f++) expect(d[SOUND_DIM + f]).toBeCloseTo(d[f]!, 5);
  });

  it('standardise the rows kept and leave the others zero', () => {
    const rows = Float32Array.from({ length: 4 * 3 }, (_, i) => (i % 3) * 100 + Math.floor(i / 3));
    const out = standardiseRows(rows, 3, (r) => r !== 2);
    expect(Array.from(out.subarray(6, 9))).toEqual([0, 0, 0]);
    for (const r of [0, 1, 3]) expect(Math.hypot(...out.subarray(r * 3, r * 3 + 3))).toBeCloseTo(1, 5);
  });
});
