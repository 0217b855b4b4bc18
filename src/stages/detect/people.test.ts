import { describe, expect, it } from 'vitest';
import { appearances, faceSpans, peopleOf, renamed, type Face } from './people';

const face = (video: string, frame: number, k = 0): Face => ({ video, frame, k, score: 1, box: [0, 0, 0.1, 0.1] });

describe('people', () => {
  const faces = [face('a', 0), face('a', 1), face('b', 4), face('a', 1, 1), face('c', 2)];
  const groups = Int32Array.from([0, 0, 0, 1, 2]);

  it('gathers each group’s faces and videos', () => {
    const people = peopleOf(groups, faces, []);
    expect(people.map((p) => [p.id, p.faces.length, p.videos])).toEqual([[0, 3, ['a', 'b']], [1, 1, ['a']], [2, 1, ['c']]]);
    expect(people.every((p) => p.name === null)).toBe(true);
  });

  it('a name follows the group that holds most of its faces when groups are found again', () => {
    const named = renamed([], peopleOf(groups, faces, [])[0]!, ' Eileen ');
    expect(named).toEqual([{ name: 'Eileen', faces: ['a:0:0', 'a:1:0', 'b:4:0'] }]);
    // found again: the same faces now in group 1
    const again = peopleOf(Int32Array.from([1, 1, 1, 0, 2]), faces, named);
    expect(again.find((p) => p.id === 1)!.name).toBe('Eileen');
    expect(again.find((p) => p.id === 0)!.name).toBeNull();
    // renamed, then cleared
    const p = again.find((x) => x.id === 1)!;
    expect(renamed(named, p, 'Collins').map((n) => n.name)).toEqual(['Collins']);
    expect(renamed(named, p, '')).toEqual([]);
  });

  it('turns consecutive frames into spans of time', () => {
    const times = [0, 0.8, 1.6, 2.4, 3.2, 4.0, NaN];
    expect(faceSpans([0, 1, 2, 4, 5], times)).toEqual([[0, 1.6], [3.2, 4.0]]);
    expect(faceSpans([3], times)).toEqual([[2.4, 2.4]]);
    expect(faceSpans([6], times)).toEqual([]);
    const p = peopleOf(groups, faces, [])[0]!;
    expect(appearances(p, (v) => (v === 'a' ? times : undefined))).toEqual([
      { video: 'a', spans: [[0, 0.8]], first: faces[0] },
      { video: 'b', spans: [], first: faces[2] },
    ]);
  });
});
