// Search by object class over the stored detections: matching frames ranked by
// the detector's confidence, counted per video, outlined on the map; a class
// as a filter for the other searches; the points coloured by each frame's most
// confident class.
import { AppError } from '../core/errors';
import { hashKey } from '../core/hashKey';
import { classIndex, foundClasses, OBJECT_CLASSES, searchObjects, topClasses, type VideoObjects } from '../stages/detect';
import { frameMime } from '../stages/ingest';
import { FrameReader } from '../storage';
import type { Atlas, MapFrame } from './atlas.svelte';
import type { Detections } from './detections.svelte';
import type { Search } from './search.svelte';

type QueryState = 'idle' | 'running' | 'done' | 'error';

export interface ObjectResult {
  frame: MapFrame;
  time: number;
  score: number;
  /** the class's detections in the frame */
  count: number;
}

/** Frames listed (all are counted per video and outlined on the map up to MAP_HITS). */
const LIST = 60;
const MAP_HITS = 2000;

/** A class's dot colour: hues spread by the golden angle, so neighbouring class numbers differ. */
export function classColour(cls: number): [number, number, number] {
  const h = (cls * 137.508) % 360, s = 0.7, l = 0.55;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export class ObjectSearch {
  query = $state('');
  result = $state.raw<{ state: QueryState; message: string; label: string; frames: ObjectResult[]; videos: { video: number; name: string; frames: number; best: number; frame: MapFrame | null }[] }>(
    { state: 'idle', message: '', label: '', frames: [], videos: [] },
  );
  /** the class the other searches are limited to */
  filter = $state<number | null>(null);
  /** points coloured by video (the default) or by each frame's most confident class */
  colourBy = $state<'video' | 'object'>('video');

  /** Classes found anywhere, most frames first: the query's suggestions and the filter's choices. */
  readonly found = $derived.by(() => foundClasses([...this.detections.objects.values()].map((r) => ({ done: r.done, detections: r }))));

  constructor(
    private readonly atlas: Atlas,
    private readonly detections: Detections,
    private readonly search: Search,
  ) {}

  /** what the points are coloured by (App hands it to the atlas) */
  readonly dotColours = $derived(this.colourBy === 'object' ? this.classColours() : null);
  /** what the other searches are limited to (App hands it to the search) */
  readonly searchFilter = $derived(this.filter === null ? null : { label: OBJECT_CLASSES[this.filter] ?? '?', rows: this.rowsWith(this.filter) });

  colourOf(cls: number): [number, number, number] {
    return classColour(cls);
  }

  /** Each layout video's stored objects (a first look's frames have none: they are not the video's own). */
  private layoutObjects(): (VideoObjects | null)[] {
    const d = this.atlas.data;
    if (!d) return [];
    return d.videos.map((v) => {
      const r = this.detections.objects.get(v.id);
      return r ? { done: r.done, detections: r } : null;
    });
  }

  private rowOf(video: number, frame: number): number | null {
    const d = this.atlas.data!;
    return frame < d.rows.count(video) ? d.rows.starts[video]! + frame : null;
  }

  /** Layout rows whose frame holds class `cls`. */
  rowsWith(cls: number): Int32Array {
    const out: number[] = [];
    for (const h of searchObjects(this.layoutObjects(), cls).hits) {
      const row = this.rowOf(h.video, h.frame);
      if (row !== null) out.push(row);
    }
    return Int32Array.from(out).sort();
  }

  private classColours(): { key: string; colors: Uint8Array } | null {
    const d = this.atlas.data;
    if (!d) return null;
    const colors = new Uint8Array(d.rows.total * 4);
    const objects = this.layoutObjects();
    let found = 0;
    d.videos.forEach((_, k) => {
      const start = d.rows.starts[k]!, n = d.rows.count(k), shown = d.colors[4 * start + 3] ?? 0;
      const top = objects[k] ? topClasses(objects[k], n) : null;
      for (let i = 0; i < n; i++) {
        const cls = top?.[i] ?? -1;
        if (cls >= 0) found++;
        colors.set(cls >= 0 ? [...classColour(cls), shown] : [90, 96, 104, shown ? 160 : 0], 4 * (start + i));
      }
    });
    return { key: hashKey(`objects|${found}|${d.present}|${[...this.detections.objects.values()].map((r) => r.done).join(',')}`), colors };
  }

  /** Frames holding the class a query names, best first; the videos by how many frames hold it. */
  async run(query: string): Promise<void> {
    const q = query.trim();
    this.query = q;
    if (!q) return this.clear();
    const cls = classIndex(q);
    const d = this.atlas.data;
    try {
      if (cls < 0) throw new AppError('no-index', 'search', `“${q}” is not a class the detector knows; it knows ${OBJECT_CLASSES.length}: ${OBJECT_CLASSES.join(', ')}`);
      if (!d) throw new AppError('no-index', 'search', 'there is no map yet');
      if (this.detections.objects.size === 0) throw new AppError('no-index', 'search', this.detections.settings.objects ? 'no frames have been looked at for objects yet: it starts once the map is complete' : 'object detection is off (Settings)');
      const label = OBJECT_CLASSES[cls]!;
      this.result = { state: 'running', message: `Looking up ${label}…`, label, frames: [], videos: [] };
      const objects = this.layoutObjects().map((v, k) => (d.videoShown(k) ? v : null));
      const { hits, perVideo } = searchObjects(objects, cls);
      const placed = hits.flatMap((h) => {
        const row = this.rowOf(h.video, h.frame);
        const frame = row === null ? null : this.atlas.frame(row);
        return frame ? [{ h, frame }] : [];
      });
      const listed = placed.slice(0, LIST);
      const times = await this.times(listed.map((p) => p.frame));
      const frames = listed.map((p, j) => ({ frame: p.frame, time: times[j]!, score: p.h.score, count: p.h.count }));
      const videos = perVideo.map((v) => {
        const best = placed.find((p) => p.h.video === v.video)?.frame ?? null;
        return { video: v.video, name: d.videos[v.video]?.name ?? '?', frames: v.frames, best: v.best, frame: best };
      });
      const top = placed[0]?.h.score ?? 1;
      if (this.query === q) {
        this.atlas.selection.hits = placed.slice(0, MAP_HITS).map((p) => ({ row: p.frame.row, weight: Math.min(1, p.h.score / top) }));
        const looked = this.detections.totals;
        const partly = looked.done < looked.total ? ` (${looked.done.toLocaleString()} of ${looked.total.toLocaleString()} frames looked at so far)` : '';
        this.result = { state: 'done', message: placed.length ? `${placed.length.toLocaleString()} frames with ${label} in ${videos.length} videos${partly}` : `No frame holds ${label}${partly}`, label, frames, videos };
      }
    } catch (e) {
      if (this.query === q) this.result = { state: 'error', message: AppError.from(e, 'search').message, label: '', frames: [], videos: [] };
    }
  }

  /** Source times of these frames, read from each video's frame index once. */
  private async times(frames: MapFrame[]): Promise<number[]> {
    const d = this.atlas.data!;
    const videos = frames.map((f) => f.video).filter((v, i, all) => all.indexOf(v) === i);
    const times = await Promise.all(videos.map((k) => FrameReader.times(d.videos[k]!.id, frameMime(d.videos[k]!.record?.params), d.rows.count(k))));
    return frames.map((f) => times[videos.indexOf(f.video)]?.[f.frame] ?? NaN);
  }

  clear(): void {
    this.query = '';
    this.result = { state: 'idle', message: '', label: '', frames: [], videos: [] };
    this.atlas.selection.hits = [];
  }
}
