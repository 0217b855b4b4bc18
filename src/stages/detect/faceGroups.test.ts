import { describe, expect, it } from 'vitest';
import { rng } from '../../core/random';
import { groupFaces, rankFaces, unitRows } from './faceGroups';

const DIM = 64;

/** `n` faces of each person: a person's direction plus noise (cosine to it about 0.95). */
function faces(people: number, n: number, seed = 1): { rows: Float32Array; person: number[] } {
  const r = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
  const centres = Array.from({ length: people }, () => Array.from({ length: DIM }, gauss));
  const rows: number[] = [], person: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < people; p++) {
      rows.push(...centres[p]!.map((c) => c + 0.3 * gauss()));
      person.push(p);
    }
  }
  return { rows: unitRows(Float32Array.from(rows), DIM), person };
}

describe('face groups', () => {
  it('puts each person’s faces in one group, and no two people together', () => {
    const { rows, person } = faces(5, 12);
    const groups = groupFaces(rows, DIM, 0.7);
    for (let p = 0; p < 5; p++) expect(new Set(groups.filter((_, i) => person[i] === p)).size).toBe(1);
    expect(new Set(groups).size).toBe(5);
  });

  it('numbers groups by size, the largest first', () => {
    const big = faces(1, 9, 2), small = faces(1, 3, 3);
    const rows = new Float32Array([...small.rows, ...big.rows]);
    const groups = groupFaces(rows, DIM, 0.7);
    expect(Array.from(groups.slice(3))).toEqual(Array(9).fill(0));
    expect(Array.from(groups.slice(0, 3))).toEqual([1, 1, 1]);
  });

  it('a threshold above how alike a person’s faces are splits them; a low one merges people', () => {
    const { rows } = faces(3, 6, 4);
    expect(new Set(groupFaces(rows, DIM, 0.999)).size).toBeGreaterThan(3);
    expect(new Set(groupFaces(rows, DIM, -1)).size).toBe(1);
    expect(groupFaces(new Float32Array(0), DIM).length).toBe(0);
  });

  it('ranks faces by likeness to a query, the same person first', () => {
    const { rows, person } = faces(4, 5, 5);
    const q = rows.slice(2 * DIM, 3 * DIM);
    const ranked = rankFaces(rows, DIM, q, 0.6);
    expect(ranked.length).toBe(5);
    expect(ranked.every((r) => person[r.face] === person[2])).toBe(true);
    expect(ranked[0]).toEqual({ face: 2, similarity: expect.closeTo(1, 5) as number });
  });
});
