import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { muLawDecode, muLawEncode } from './muLaw';

describe('μ-law', () => {
  it('round-trips within the codec’s step size', () => {
    const x = Float32Array.from({ length: 2000 }, (_, i) => Math.sin(i / 7) * (i / 2000));
    const y = muLawDecode(muLawEncode(x));
    for (let i = 0; i < x.length; i++) expect(Math.abs(y[i]! - x[i]!)).toBeLessThanOrEqual(Math.max(0.0005, Math.abs(x[i]!) * 0.07));
    expect(muLawDecode(muLawEncode(new Float32Array([0])))[0]).toBe(0);
  });

  it('writes the same bytes as ffmpeg’s pcm_mulaw', () => {
    const pcm = Int16Array.from({ length: 4096 }, (_, i) => Math.round(Math.sin(i / 3.3) * 30000 * ((i % 512) / 512)));
    const native = execFileSync('ffmpeg', ['-v', 'error', '-f', 's16le', '-ar', '16000', '-ac', '1', '-i', 'pipe:0', '-c:a', 'pcm_mulaw', '-f', 'mulaw', 'pipe:1'], { input: Buffer.from(pcm.buffer) });
    const ours = muLawEncode(Float32Array.from(pcm, (s) => s / 32767));
    let differ = 0;
    for (let i = 0; i < ours.length; i++) if (ours[i] !== native[i]) differ++;
    expect(native.length).toBe(ours.length);
    expect(differ).toBe(0);
    const back = muLawDecode(new Uint8Array(native));
    for (let i = 0; i < pcm.length; i++) expect(Math.abs(back[i]! - pcm[i]! / 32768)).toBeLessThanOrEqual(Math.max(0.0005, Math.abs(pcm[i]! / 32768) * 0.07));
  });
});
