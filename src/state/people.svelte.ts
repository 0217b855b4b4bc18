// People: the stored faces of every video grouped by likeness of their
// descriptors (in a detect worker of its own, again whenever the faces or the
// threshold change), the names given to groups (kept with a few of their faces,
// so a name follows its person when the groups are found again), and "find
// this face" from a face in a frame or in a dropped photo. Everything stays on
// this machine; Detections.deleteAll('faces') removes it.
import { AppError, isAbort } from '../core/errors';
import type { VideoId } from '../core/ids';
import { mapOf } from '../core/maps';
import {
  appearances, collectFaces, DEFAULT_FACE_THRESHOLD, DetectClient, detectorModelBase, peopleOf, rankFaces, renamed, unitRows,
  type Face as DetectFace, type Person as DetectPerson, type StoredName,
} from '../stages/detect';
import { frameMime } from '../stages/ingest';
import { FrameReader, loadSetting, saveSetting } from '../storage';
import { FACE_DIM } from '../storage/detectionRecords';
import type { Detections } from './detections.svelte';
import type { Library } from './library.svelte';

export type Face = DetectFace<VideoId>;
export type Person = DetectPerson<VideoId>;

export interface FaceMatch extends Face {
  similarity: number;
}

/** "find this face" lists matches at least this alike */
const MATCH_MIN = 0.6;

type QueryState = 'idle' | 'running' | 'done' | 'error';

export class People {
  threshold = $state(DEFAULT_FACE_THRESHOLD);
  people = $state.raw<Person[]>([]);
  state = $state<'idle' | 'running' | 'ready' | 'error'>('idle');
  message = $state('');
  /** "find this face": the face asked about and the faces most like it, best first */
  matches = $state.raw<{ state: QueryState; message: string; results: FaceMatch[] }>({ state: 'idle', message: '', results: [] });

  /** each video's frame times (seconds), for where people appear */
  times = $state.raw<ReadonlyMap<VideoId, Float64Array>>(mapOf());

  private names: StoredName[] = [];
  private faces: Face[] = [];
  private rows: Float32Array = new Float32Array(0);
  private readonly client = new DetectClient();
  private abort: AbortController | null = null;
  /** what the groups were last found for */
  private groupedFor = '';

  constructor(
    private readonly detections: Detections,
    private readonly library: Library,
  ) {}

  async load(): Promise<void> {
    const s = await loadSetting<{ threshold: number; names: StoredName[] }>('people');
    if (s) {
      this.threshold = Number.isFinite(s.threshold) ? s.threshold : DEFAULT_FACE_THRESHOLD;
      this.names = Array.isArray(s.names) ? s.names : [];
    }
  }

  private save(): Promise<void> {
    return saveSetting('people', { threshold: this.threshold, names: $state.snapshot(this.names) as StoredName[] });
  }

  /** Every stored face (of videos still in the library), with unit descriptors in `rows`. */
  private collect(): void {
    const known = this.library.videos.map((v) => v.id);
    ({ faces: this.faces, rows: this.rows } = collectFaces(this.detections.faces, (v) => known.includes(v)));
  }

  /** Groups the faces again when they or the threshold changed (called whenever either may have). */
  sync(): void {
    const key = `${this.threshold}|${[...this.detections.faces].map(([id, r]) => `${id}:${r.done}:${r.frame.length}`).join(',')}|${this.library.videos.length}`;
    if (key === this.groupedFor) return;
    this.groupedFor = key;
    void this.group();
  }

  private async group(): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.collect();
    const faces = this.faces;
    if (!faces.length) {
      this.people = [];
      this.state = 'idle';
      this.message = '';
      return;
    }
    this.state = 'running';
    this.message = `Grouping ${faces.length.toLocaleString()} faces…`;
    try {
      const { groups, ms } = await this.client.groupFaces(this.rows.slice(), FACE_DIM, this.threshold, abort.signal);
      if (this.abort !== abort) return;
      const people = peopleOf(groups, faces, this.names);
      this.people = people;
      await this.loadTimes(people.flatMap((p) => p.videos));
      this.state = 'ready';
      this.message = `${people.length} ${people.length === 1 ? 'person' : 'people'} from ${faces.length.toLocaleString()} faces (${ms.toFixed(0)} ms)`;
    } catch (e) {
      if (isAbort(e) || abort.signal.aborted) return;
      this.state = 'error';
      this.message = AppError.from(e, 'detect').message;
    }
  }

  private async loadTimes(videos: VideoId[]): Promise<void> {
    const next = [...this.times];
    for (const id of videos.filter((v, i) => videos.indexOf(v) === i)) {
      const v = this.library.videos.find((x) => x.id === id);
      if (v && this.times.get(id)?.length !== v.frames) next.push([id, await FrameReader.times(id, frameMime(v.params), v.frames)]);
    }
    this.times = mapOf(next);
  }

  /** Where a person appears: per video, the spans of time (seconds) of the frames holding their face. */
  appearances(p: Person): { video: VideoId; name: string; spans: [number, number][]; first: Face }[] {
    return appearances(p, (v) => this.times.get(v)).map((a) => ({ ...a, name: this.library.videos.find((v) => v.id === a.video)?.name ?? '?' }));
  }

  /** Names a group (stored; an empty name removes it). */
  async rename(id: number, name: string): Promise<void> {
    const p = this.people.find((x) => x.id === id);
    if (!p) return;
    this.names = renamed(this.names, p, name);
    this.people = this.people.map((x) => (x.id === id ? { ...x, name: name.trim() || null } : x));
    await this.save();
  }

  async setThreshold(t: number): Promise<void> {
    this.threshold = Math.min(0.99, Math.max(0.3, t));
    await this.save();
    this.sync();
  }

  /** The stored faces most like face `k` of a stored frame. */
  findFace(video: VideoId, frame: number, k = 0): void {
    const i = this.faces.findIndex((f) => f.video === video && f.frame === frame && f.k === k);
    if (i < 0) {
      this.matches = { state: 'error', message: 'no face was found in this frame', results: [] };
      return;
    }
    this.rank(this.rows.slice(i * FACE_DIM, (i + 1) * FACE_DIM), 'this face');
  }

  /** Faces in a stored frame (what "find this face" can start from). */
  facesIn(video: VideoId, frame: number): Face[] {
    return this.faces.filter((f) => f.video === video && f.frame === frame);
  }

  /** The stored faces most like the largest face in a photo the user dropped (the photo is not stored). */
  async findPhoto(file: File): Promise<void> {
    this.matches = { state: 'running', message: `Looking for a face in ${file.name}…`, results: [] };
    try {
      const { faces } = await this.client.photoFaces(file, detectorModelBase());
      const face = faces.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
      if (!face) throw new AppError('inference', 'detect', `no face was found in ${file.name}`);
      this.rank(unitRows(face.descriptor, FACE_DIM), `the face in ${file.name}`);
    } catch (e) {
      this.matches = { state: 'error', message: AppError.from(e, 'detect').message, results: [] };
    }
  }

  private rank(query: Float32Array, what: string): void {
    const ranked = rankFaces(this.rows, FACE_DIM, query, MATCH_MIN);
    const results = ranked.map((r) => ({ ...this.faces[r.face]!, similarity: r.similarity }));
    const videos = results.filter((r, i) => results.findIndex((x) => x.video === r.video) === i).length;
    this.matches = { state: 'done', message: results.length ? `${results.length} faces like ${what} in ${videos} ${videos === 1 ? 'video' : 'videos'}` : `No stored face is like ${what}`, results };
  }

  clearMatches(): void {
    this.matches = { state: 'idle', message: '', results: [] };
  }

  /** After the face data was deleted: names go too. */
  async forgetAll(): Promise<void> {
    this.names = [];
    this.people = [];
    this.faces = [];
    this.rows = new Float32Array(0);
    this.groupedFor = '';
    this.clearMatches();
    await this.save();
  }
}
