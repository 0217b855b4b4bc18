import { describe, expect, it } from 'vitest';
import type { Group } from './clustering';
import { convexHull, membershipCsv, membershipJson, summarizeGroups } from './groupSummary';

const groups: Group[] = [
  { id: 0, parent: -1, children: [1, 2], name: 'A', typical: 0 },
  { id: 1, parent: 0, children: [], name: 'A1', typical: 0 },
  { id: 2, parent: 0, children: [], name: 'Beach, "sunset"', typical: 1 },
];
// Two videos of 6 frames: video 0 is A1 A1 A1 noise A1 A2, video 1 is A2 A2 noise noise A2 A2.
const rowGroup = Int32Array.of(1, 1, 1, -1, 1, 2, 2, 2, -1, -1, 2, 2);
const videoOfRow = Uint32Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
const frameOfRow = Uint32Array.of(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5);
const world = Float32Array.from({ length: 24 }, (_, i) => (i % 2 ? Math.floor(i / 2) % 3 : Math.floor(i / 2)));

describe('group summaries', () => {
  it('counts frames and videos up the tree, and finds each group in each video', () => {
    const s = summarizeGroups({ groups, rowGroup, videoOfRow, frameOfRow, world, include: () => true, videoKey: (v) => `v${v}` });
    expect(s.map((g) => [g.frames, g.videos])).toEqual([[9, 2], [4, 1], [5, 2]]);
    expect(s[1]!.strips).toEqual([{ video: 0, runs: [[0, 4]], frames: 4 }]);
    // Video 0's one noise frame is bridged; video 1's gap of two is not. Video 1 has more frames, so it comes first.
    expect(s[2]!.strips).toEqual([{ video: 1, runs: [[0, 1], [4, 5]], frames: 4 }, { video: 0, runs: [[5, 5]], frames: 1 }]);
    expect(s[1]!.box).toEqual([0, 0, 4, 2]);
  });

  it('leaves out rows the map does not show, and counts a first look as its video', () => {
    const s = summarizeGroups({ groups, rowGroup, videoOfRow, frameOfRow, world, include: (r) => r < 6, videoKey: () => 'same' });
    expect(s[2]!.frames).toBe(1);
    expect(summarizeGroups({ groups, rowGroup, videoOfRow, frameOfRow, world, include: () => true, videoKey: () => 'same' })[0]!.videos).toBe(1);
  });

  it('summarises a group of 150,000 frames', () => {
    const n = 150_000;
    const one = [{ id: 0, parent: -1, children: [], name: 'A', typical: 0 }];
    const s = summarizeGroups({ groups: one, rowGroup: new Int32Array(n), videoOfRow: new Uint32Array(n), frameOfRow: Uint32Array.from({ length: n }, (_, i) => i), world: Float32Array.from({ length: 2 * n }, (_, i) => i % 1000), include: () => true, videoKey: () => 'v' });
    expect(s[0]!.frames).toBe(n);
    expect(s[0]!.box).toEqual([0, 1, 998, 999]);
    expect(s[0]!.strips[0]!.runs).toEqual([[0, n - 1]]);
  });

  it('hull: the outline of the points, inner points left out', () => {
    expect(convexHull([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 0]])).toEqual([[0, 0], [2, 0], [2, 2], [0, 2]]);
  });

  it('exports one line per frame with its group, parent and label', () => {
    const times = [Float64Array.from({ length: 6 }, (_, i) => i * 0.5), Float64Array.from({ length: 6 }, (_, i) => i)];
    const coords = Float32Array.from({ length: 24 }, (_, i) => i / 10);
    const at = (row: number) => ({ video: videoOfRow[row]!, frame: frameOfRow[row]! });
    const rows = Array.from({ length: 12 }, (_, i) => i);
    const csv = membershipCsv([{ name: 'a.mp4', frames: 6 }, { name: 'b, c.mp4', frames: 6 }], rows, at, times, coords, groups, rowGroup).trim().split('\n');
    expect(csv).toHaveLength(13);
    expect(csv[0]).toBe('video,frame,time_s,x,y,group,parent,label');
    expect(csv[1]).toBe('a.mp4,0,0.000,0.000000,0.100000,1,0,A1');
    expect(csv[4]).toBe('a.mp4,3,1.500,0.600000,0.700000,-1,,noise');
    expect(csv[7]).toBe('"b, c.mp4",0,0.000,1.200000,1.300000,2,0,"Beach, ""sunset"""');
    const json = JSON.parse(membershipJson([{ name: 'a.mp4', frames: 6 }, { name: 'b', frames: 6 }], [5], at, times, coords, groups, rowGroup)) as { groups: unknown[]; frames: { group: number; time_s: number }[] };
    expect(json.groups).toHaveLength(3);
    expect(json.frames).toEqual([{ video: 'a.mp4', frame: 5, time_s: 2.5, x: 1, y: 1.1, group: 2 }]);
  });
});
