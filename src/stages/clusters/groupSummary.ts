// What the map and the group panel say about each group, from each layout
// row's finest group: its frames and videos (a group counts the frames of the
// groups below it), its centre and outline on the map, and where it occurs in
// each video ("this scene also appears in …"). Also the membership exports.
import { median } from '../../core/median';
import type { Group } from './clustering';

/** Frames of one group in one video: runs of frame indices (inclusive), a gap of a frame or two bridged. */
export interface GroupStrip {
  /** index into the layout's videos */
  video: number;
  runs: [number, number][];
  frames: number;
}

export interface GroupSummary {
  id: number;
  frames: number;
  /** its layout rows (shown ones), the groups below it included */
  rows: number[];
  /** distinct videos (a first look counts as its video) */
  videos: number;
  /** the members' median position, world units (NaN for a group with no shown frames) */
  centre: [number, number];
  /** the members' box, world units: x0, y0, x1, y1 */
  box: [number, number, number, number];
  /** convex hull of the members, world units, counter-clockwise */
  hull: [number, number][];
  strips: GroupStrip[];
}

export interface SummaryInput {
  groups: readonly Group[];
  /** finest group per layout row, -1 for noise */
  rowGroup: Int32Array;
  /** layout video and frame index per row */
  videoOfRow: ArrayLike<number>;
  frameOfRow: ArrayLike<number>;
  /** x, y per row (world units) */
  world: Float32Array;
  /** the rows the map shows */
  include: (row: number) => boolean;
  /** the library video a layout video belongs to (its first look and itself are one) */
  videoKey: (video: number) => string;
}

/** Frames apart that still count as one run. */
const BRIDGE = 2;

/** The members' box (a loop: spreading 100k values into Math.min overflows the stack). */
function boxOf(xs: readonly number[], ys: readonly number[]): [number, number, number, number] {
  if (!xs.length) return [0, 0, 0, 0];
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  xs.forEach((x, i) => {
    const y = ys[i]!;
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  });
  return b;
}

/** Andrew's monotone chain. */
export function convexHull(points: [number, number][]): [number, number][] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: [number, number][] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Every group's summary, indexed by group id; a group with no shown frames has frames = 0. */
export function summarizeGroups(input: SummaryInput): GroupSummary[] {
  const { groups, rowGroup, videoOfRow, frameOfRow, world, include, videoKey } = input;
  const members: number[][] = groups.map(() => []);
  for (let row = 0; row < rowGroup.length; row++) {
    const g = rowGroup[row]!;
    if (g < 0 || !include(row)) continue;
    for (let x = g; x >= 0; x = groups[x]!.parent) members[x]!.push(row);
  }
  return groups.map((g, id) => {
    const rows = members[id]!;
    const xs = rows.map((r) => world[2 * r]!), ys = rows.map((r) => world[2 * r + 1]!);
    const byVideo = new Map<number, number[]>();
    for (const r of rows) {
      const v = videoOfRow[r]!;
      if (!byVideo.has(v)) byVideo.set(v, []);
      byVideo.get(v)!.push(frameOfRow[r]!);
    }
    const strips: GroupStrip[] = [...byVideo].map(([video, frames]) => {
      frames.sort((a, b) => a - b);
      const runs: [number, number][] = [];
      for (const f of frames) {
        const last = runs[runs.length - 1];
        if (last && f - last[1] <= BRIDGE) last[1] = f;
        else runs.push([f, f]);
      }
      return { video, runs, frames: frames.length };
    }).sort((a, b) => b.frames - a.frames || a.video - b.video);
    return {
      id: g.id,
      frames: rows.length,
      rows,
      videos: new Set(strips.map((s) => videoKey(s.video))).size,
      centre: [median(xs), median(ys)],
      box: boxOf(xs, ys),
      hull: convexHull(rows.map((r) => [world[2 * r]!, world[2 * r + 1]!])),
      strips,
    };
  });
}

export interface MembershipVideo {
  name: string;
  frames: number;
}

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * CSV, one line per listed row: video, frame, time_s, x, y (layout units), group (the finest, -1 for noise),
 * parent (empty at the top level), label (the group's name).
 */
export function membershipCsv(videos: readonly MembershipVideo[], rows: Iterable<number>, at: (row: number) => { video: number; frame: number }, times: readonly Float64Array[], coords: Float32Array, groups: readonly Group[], rowGroup: Int32Array): string {
  const lines = ['video,frame,time_s,x,y,group,parent,label'];
  for (const row of rows) {
    const { video, frame } = at(row);
    const g = rowGroup[row]!;
    const group = g >= 0 ? groups[g]! : null;
    const parent = group && group.parent >= 0 ? String(group.parent) : '';
    const t = times[video]?.[frame];
    lines.push(`${quote(videos[video]!.name)},${frame},${t === undefined || Number.isNaN(t) ? '' : t.toFixed(3)},${coords[2 * row]!.toFixed(6)},${coords[2 * row + 1]!.toFixed(6)},${g},${parent},${quote(group ? group.name : 'noise')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The same membership as JSON: the groups, then each listed frame with its group. */
export function membershipJson(videos: readonly MembershipVideo[], rows: Iterable<number>, at: (row: number) => { video: number; frame: number }, times: readonly Float64Array[], coords: Float32Array, groups: readonly Group[], rowGroup: Int32Array): string {
  const frames = [];
  for (const row of rows) {
    const { video, frame } = at(row);
    const t = times[video]?.[frame];
    frames.push({ video: videos[video]!.name, frame, time_s: t === undefined || Number.isNaN(t) ? null : +t.toFixed(3), x: +coords[2 * row]!.toFixed(6), y: +coords[2 * row + 1]!.toFixed(6), group: rowGroup[row]! });
  }
  return JSON.stringify({ groups: groups.map((g) => ({ id: g.id, parent: g.parent < 0 ? null : g.parent, label: g.name, children: g.children })), frames }, null, 1);
}
