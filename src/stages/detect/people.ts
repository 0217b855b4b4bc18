// People from stored faces (pure): the faces of every video listed with their
// unit descriptors, groups turned into people, names carried to the group
// holding most of the faces they were given with, and where each person appears.
import { FACE_DIM, FACE_STRIDE, type ParsedRecords } from '../../storage/detectionRecords';
import { unitRows } from './faceGroups';

export interface Face<V = string> {
  video: V;
  frame: number;
  /** which of the frame's faces */
  k: number;
  score: number;
  /** x, y, w, h in 0–1 of the frame */
  box: [number, number, number, number];
}

export interface Person<V = string> {
  id: number;
  faces: Face<V>[];
  videos: V[];
  name: string | null;
}

/** A name as stored: with keys of some of its group's faces, to find the group again. */
export interface StoredName {
  name: string;
  faces: string[];
}

export const faceKey = (f: Face<unknown>): string => `${String(f.video)}:${f.frame}:${f.k}`;
/** faces kept with a name */
const NAME_FACES = 24;

/** Every stored face of the videos in `keep`, in order, and their unit descriptors (FACE_DIM each). */
export function collectFaces<V>(stored: Iterable<readonly [V, ParsedRecords]>, keep: (v: V) => boolean): { faces: Face<V>[]; rows: Float32Array } {
  const faces: Face<V>[] = [];
  const parts: Float32Array[] = [];
  for (const [video, r] of stored) {
    if (!keep(video)) continue;
    for (let k = 0, last = -1, inFrame = 0; k < r.frame.length; k++) {
      const frame = r.frame[k]!, o = k * FACE_STRIDE;
      inFrame = frame === last ? inFrame + 1 : 0;
      last = frame;
      faces.push({ video, frame, k: inFrame, score: r.items[o]!, box: [r.items[o + 1]!, r.items[o + 2]!, r.items[o + 3]!, r.items[o + 4]!] });
      parts.push(r.items.subarray(o + 5, o + FACE_STRIDE));
    }
  }
  const raw = new Float32Array(faces.length * FACE_DIM);
  parts.forEach((p, i) => raw.set(p, i * FACE_DIM));
  return { faces, rows: unitRows(raw, FACE_DIM) };
}

/** People from each face's group, named by the stored names. */
export function peopleOf<V>(groups: Int32Array, faces: Face<V>[], names: StoredName[]): Person<V>[] {
  const people: Person<V>[] = [];
  groups.forEach((g, i) => (people[g] ??= { id: g, faces: [], videos: [], name: null }).faces.push(faces[i]!));
  for (const p of people) p.videos = [...new Set(p.faces.map((f) => f.video))];
  // each name goes to the group holding most of its faces; a group takes the name with most faces there
  const groupOf = new Map<string, number>();
  people.forEach((p) => p.faces.forEach((f) => groupOf.set(faceKey(f), p.id)));
  const best = new Map<number, { name: string; votes: number }>();
  for (const n of names) {
    const votes = new Map<number, number>();
    for (const key of n.faces) {
      const g = groupOf.get(key);
      if (g !== undefined) votes.set(g, (votes.get(g) ?? 0) + 1);
    }
    const [g, count] = [...votes].sort((a, b) => b[1] - a[1])[0] ?? [-1, 0];
    if (g >= 0 && count > (best.get(g)?.votes ?? 0)) best.set(g, { name: n.name, votes: count });
  }
  return people.map((p) => ({ ...p, name: best.get(p.id)?.name ?? null }));
}

/** The stored names after naming `p` (an empty name: the group's name removed). */
export function renamed<V>(names: StoredName[], p: Person<V>, name: string): StoredName[] {
  const keys = new Set(p.faces.map(faceKey));
  // the group's old name (and any other stored name now inside it) goes
  const kept = names.filter((n) => !n.faces.some((k) => keys.has(k)));
  const clean = name.trim();
  if (!clean) return kept;
  const step = Math.max(1, Math.floor(p.faces.length / NAME_FACES));
  return [...kept, { name: clean, faces: p.faces.filter((_, i) => i % step === 0).slice(0, NAME_FACES).map(faceKey) }];
}

/** Consecutive stored frames (frame numbers in order) as spans of their times (seconds). */
export function faceSpans(frames: number[], times: ArrayLike<number>): [number, number][] {
  const spans: [number, number][] = [];
  let start = -1, prev = -2;
  for (const f of frames) {
    if (f !== prev + 1) {
      if (start >= 0) spans.push([times[start]!, times[prev]!]);
      start = f;
    }
    prev = f;
  }
  if (start >= 0) spans.push([times[start]!, times[prev]!]);
  return spans.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
}

/** Where a person appears: per video, the spans of the frames holding their face, and their first face there. */
export function appearances<V>(p: Person<V>, times: (v: V) => ArrayLike<number> | undefined): { video: V; spans: [number, number][]; first: Face<V> }[] {
  return p.videos.map((video) => {
    const faces = p.faces.filter((f) => f.video === video).sort((a, b) => a.frame - b.frame);
    const t = times(video);
    return { video, spans: t ? faceSpans([...new Set(faces.map((f) => f.frame))], t) : [], first: faces[0]! };
  });
}
