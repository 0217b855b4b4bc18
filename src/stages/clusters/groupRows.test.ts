import { describe, expect, it } from 'vitest';
import type { Group } from './clustering';
import { carryNames, groupsByRow, MISSING } from './groupRows';
import { decodeClusters, encodeClusters } from '../../storage/clusterStore';

const g = (id: number, parent: number, name: string, children: number[] = [], custom = false): Group & { custom?: boolean } => ({ id, parent, children, name, typical: 0, ...(custom ? { custom } : {}) });

describe('stored groups and layout rows', () => {
  it('lays stored groups out as the rows now: videos moved, grown, new ones missing', () => {
    const stored = { videos: [{ id: 'a', frames: 3 }, { id: 'b', frames: 2 }], frameGroups: Int32Array.of(0, 0, 1, 2, -1) };
    const rows = groupsByRow(stored, [{ id: 'b', frames: 3 }, { id: 'c', frames: 1 }, { id: 'a', frames: 3 }]);
    expect([...rows]).toEqual([2, -1, MISSING, MISSING, 0, 0, 1]);
  });

  it('carries a name given by hand to the refit group holding the same frames', () => {
    const videos = [{ id: 'a', frames: 6 }];
    const before = { videos, frameGroups: Int32Array.of(0, 0, 0, 1, 1, 1), groups: [g(0, -1, 'Harbour', [], true), g(1, -1, 'B')] };
    const after = { videos, frameGroups: Int32Array.of(2, 2, 2, 2, 1, 1), groups: [g(0, -1, 'A', [1, 2]), g(1, 0, 'A1'), g(2, 0, 'A2')] };
    carryNames(before, after);
    expect(after.groups.map((x) => x.name)).toEqual(['A', 'A1', 'Harbour']);
    // No match over half: nothing moves.
    const split = { videos, frameGroups: Int32Array.of(1, 2, 1, 2, 1, 2), groups: [g(0, -1, 'A'), g(1, -1, 'B'), g(2, -1, 'C')] };
    carryNames(before, split);
    expect(split.groups.map((x) => x.name)).toEqual(['A', 'B', 'C']);
  });

  it('stores and reads back the groups file; refuses a foreign or short one', () => {
    const c = {
      trained: 5, dim: 2, minClusterSize: 8, groups: [{ ...g(0, -1, 'A'), icon: ['v', 3] as [string, number] }], videos: [{ id: 'v', frames: 3 }],
      sample: Float32Array.of(1, 2, 3, 4), core: Float32Array.of(0.5, 0.25), sampleGroup: Int32Array.of(0, -1), frameGroups: Int32Array.of(0, -1, 0),
    };
    const bytes = encodeClusters(c);
    expect(decodeClusters(bytes.slice().buffer)).toEqual(c);
    expect(decodeClusters(bytes.slice(0, bytes.length - 4).buffer)).toBeNull();
    expect(decodeClusters(new TextEncoder().encode('not groups').buffer)).toBeNull();
  });
});
