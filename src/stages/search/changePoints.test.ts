import { describe, expect, it } from 'vitest';
import { changePoints } from './changePoints';

describe('change points', () => {
  let s = 9;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const dim = 16;
  // Scenes of different lengths, each a mean vector plus noise and a slow drift.
  const lengths = [14, 6, 25, 9, 30, 11];
  const rows: number[] = [];
  for (const len of lengths) {
    const mean = Array.from({ length: dim }, rnd);
    for (let i = 0; i < len; i++) for (let j = 0; j < dim; j++) rows.push(mean[j]! + 0.08 * rnd() + (0.002 * i * (j % 3)));
  }
  const data = Float32Array.from(rows);
  const cuts = lengths.slice(0, -1).reduce<number[]>((acc, l) => [...acc, (acc.at(-1) ?? 0) + l], []);

  it('finds every scene start when asked for as many scenes as there are', () => {
    expect(changePoints(data, dim, lengths.length)).toEqual([0, ...cuts]);
  });

  it('finds the strongest cuts first and stops on flat video', () => {
    const three = changePoints(data, dim, 3);
    expect(three.length).toBe(3);
    for (const c of three.slice(1)) expect(cuts).toContain(c);
    const flat = Float32Array.from({ length: 40 * dim }, () => 0.5);
    expect(changePoints(flat, dim, 10)).toEqual([0]);
    expect(changePoints(new Float32Array(0), dim, 10)).toEqual([]);
  });
});
