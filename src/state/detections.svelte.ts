// Objects and faces in the stored frames, as the UI sees them. Looked for once
// the map is complete (like the groups: never competing with the first map),
// a video at a time in the detect worker, which stores each frame's finds as it
// goes; a reload goes on after the last frame stored. The stored finds are read
// back here for the object search, the points' colouring by class, and the
// People view (state/people.svelte.ts).
import { AppError, isAbort } from '../core/errors';
import { mapOf, withEntry } from '../core/maps';
import type { VideoId } from '../core/ids';
import { DetectClient, detectorModelBase, type DetectBackend } from '../stages/detect';
import { frameMime } from '../stages/ingest';
import { loadSetting, saveSetting } from '../storage';
import { readDetections, removeDetections, type DetectionKind } from '../storage/detectStore';
import { FACE_STRIDE, OBJECT_STRIDE, type ParsedRecords } from '../storage/detectionRecords';
import type { Library } from './library.svelte';
import type { Projection } from './projection.svelte';
import type { VideoRecord } from './videoRecord';

export type DetectState = 'off' | 'waiting' | 'running' | 'paused' | 'ready' | 'error';

export interface DetectSettings {
  objects: boolean;
  faces: boolean;
}

const STRIDE: Record<DetectionKind, number> = { objects: OBJECT_STRIDE, faces: FACE_STRIDE };

export class Detections {
  settings = $state<DetectSettings>({ objects: true, faces: true });
  state = $state<DetectState>('waiting');
  message = $state('');
  backend = $state<{ backend: DetectBackend; reason: string } | null>(null);
  /** the video being looked at, and how far */
  current = $state.raw<{ id: VideoId; name: string; done: number; total: number } | null>(null);
  /** stored finds per video (frames looked at and what was found), read back after each run */
  objects = $state.raw<ReadonlyMap<VideoId, ParsedRecords>>(mapOf());
  faces = $state.raw<ReadonlyMap<VideoId, ParsedRecords>>(mapOf());
  /** frames per second of the last run */
  rate = $state<number | null>(null);
  /** seconds spent looking since the page loaded (models loaded included) */
  seconds = $state(0);
  /** frames already looked at (stored) when the runs since the page loaded started: what was not looked at again */
  resumedFrames = $state(0);
  /** frames looked at by the runs since the page loaded (the slower kind's count) */
  lookedFrames = $state(0);
  /** paused by the user: nothing runs until resumed (a reload resumes) */
  paused = $state(false);

  /**
   * One worker for both kinds, a frame at a time. A worker per kind side by side measured slower on two cores
   * (4.1 frames/s against 4.6: bench:objects), each kind's time adding up as if they took turns.
   */
  private readonly client = new DetectClient();
  private abort: AbortController | null = null;
  /** the run in progress, settled once what it stored is read back */
  private running: Promise<void> = Promise.resolve();
  /** the stored finds being read back, once a page */
  private reading: Promise<void> | null = null;
  /** videos whose run failed: not tried again until the settings change or the page reloads */
  private failed: VideoId[] = [];

  constructor(
    private readonly library: Library,
    private readonly projection: Projection,
  ) {}

  /** Frames a video has stored and the detections still due on it, by kind. */
  private due(v: VideoRecord): { objects: boolean; faces: boolean } {
    const behind = (kind: DetectionKind) => this.settings[kind] && (this.storedOf(kind).get(v.id)?.done ?? 0) < v.frames;
    return { objects: behind('objects'), faces: behind('faces') };
  }

  private storedOf(kind: DetectionKind): ReadonlyMap<VideoId, ParsedRecords> {
    return kind === 'objects' ? this.objects : this.faces;
  }

  private setStored(kind: DetectionKind, map: ReadonlyMap<VideoId, ParsedRecords>): void {
    if (kind === 'objects') this.objects = map;
    else this.faces = map;
  }

  /** Videos whose frames are all stored (a video still decoding is looked at when it is done). */
  private finished(): VideoRecord[] {
    return this.library.videos.filter((v) => (v.status === 'done' || v.status === 'partial') && v.frames > 0);
  }

  /** Frames looked at and to look at, over the finished videos, for each wanted kind together. */
  readonly totals = $derived.by(() => {
    let done = 0, total = 0;
    const cur = this.current;
    for (const v of this.finished()) {
      total += v.frames;
      const kinds = (['objects', 'faces'] as const).filter((k) => this.settings[k]);
      const stored = kinds.length ? Math.min(...kinds.map((k) => Math.min(v.frames, this.storedOf(k).get(v.id)?.done ?? 0))) : 0;
      // the video being looked at counts as far as its run has gone
      done += cur?.id === v.id ? Math.max(stored, Math.min(v.frames, cur.done)) : stored;
    }
    return { done, total };
  });

  async load(): Promise<void> {
    const s = await loadSetting<DetectSettings>('detect');
    if (s) this.settings = { objects: s.objects !== false, faces: s.faces !== false };
  }

  /** Reads back what every video has stored (once), then keeps the maps up to date as runs finish. */
  private readAll(): Promise<void> {
    this.reading ??= this.readAllNow().catch((e: unknown) => {
      this.reading = null;
      throw e;
    });
    return this.reading;
  }

  private async readAllNow(): Promise<void> {
    const ids = this.library.videos.map((v) => v.id);
    for (const kind of ['objects', 'faces'] as const) {
      const read = await Promise.all(ids.map(async (id) => [id, await readDetections(id, kind, STRIDE[kind])] as const));
      this.setStored(kind, mapOf(read.flatMap(([id, r]) => (r ? [[id, r] as const] : []))));
    }
  }

  private async refresh(id: VideoId, kinds: DetectionKind[]): Promise<void> {
    for (const kind of kinds) this.setStored(kind, withEntry(this.storedOf(kind), id, await readDetections(id, kind, STRIDE[kind])));
  }

  /** The map is complete: detections may run (called whenever the library or the layout may have changed). */
  get canRun(): boolean {
    return this.projection.status === 'ready' && !this.projection.training;
  }

  sync(): void {
    // what is stored can be searched whether or not more is looked for
    if (this.library.loaded) void this.readAll().catch((e: unknown) => console.warn('detections not read back:', e));
    if (!this.settings.objects && !this.settings.faces) {
      this.state = 'off';
      return;
    }
    if (this.paused) {
      this.state = 'paused';
      return;
    }
    if (this.abort) return;
    if (!this.canRun) {
      if (this.state !== 'error') this.state = 'waiting';
      return;
    }
    this.running = this.runAll();
  }

  private async runAll(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    try {
      await this.readAll();
      for (;;) {
        if (abort.signal.aborted || !this.canRun) break;
        const next = this.finished().find((v) => !this.failed.includes(v.id) && (this.due(v).objects || this.due(v).faces));
        if (!next) break;
        await this.runVideo(next, abort.signal);
      }
      if (!abort.signal.aborted) {
        const left = this.totals.total - this.totals.done;
        this.state = this.failed.length && left ? 'error' : this.canRun ? 'ready' : 'waiting';
        if (this.state === 'ready') this.message = this.summary();
      }
    } catch (e) {
      // reading the stored finds back failed (a run's own failures are the video's, in runVideo)
      this.state = 'error';
      this.message = AppError.from(e, 'detect').message;
    } finally {
      if (this.abort === abort) this.abort = null;
      this.current = null;
    }
    // Videos added or finished meanwhile
    if (!abort.signal.aborted && this.canRun && this.finished().some((v) => !this.failed.includes(v.id) && (this.due(v).objects || this.due(v).faces))) this.sync();
  }

  private summary(): string {
    let objects = 0, faces = 0;
    for (const r of this.objects.values()) objects += r.frame.length;
    for (const r of this.faces.values()) faces += r.frame.length;
    const parts = [this.settings.objects ? `${objects.toLocaleString()} objects` : '', this.settings.faces ? `${faces.toLocaleString()} faces` : ''].filter(Boolean);
    return `${parts.join(' · ')} in ${this.totals.done.toLocaleString()} frames`;
  }

  private async runVideo(v: VideoRecord, signal: AbortSignal): Promise<void> {
    const want = this.due(v);
    const kinds = (['objects', 'faces'] as const).filter((k) => want[k]);
    this.state = 'running';
    this.current = { id: v.id, name: v.name, done: 0, total: v.frames };
    this.message = `Looking for ${kinds.join(' and ')} in ${v.name}…`;
    const t0 = performance.now();
    let start = -1, last = 0, tStart = 0;
    try {
      await this.client.run(
        { videoId: v.id, mime: frameMime(v.params), frames: v.frames, objects: want.objects, faces: want.faces, modelBase: detectorModelBase() },
        (e) => {
          if (e.type === 'backend') this.backend = { backend: e.backend, reason: e.reason };
          else {
            if (start < 0) {
              [start, tStart] = [e.done, performance.now()];
              this.resumedFrames += e.done;
            }
            last = e.done;
            this.current = { id: v.id, name: v.name, done: e.done, total: e.total };
          }
        },
        signal,
      );
      this.seconds += (performance.now() - t0) / 1000;
      if (start >= 0) this.lookedFrames += last - start;
      // from the first frame on: loading the models is not the detectors' pace
      if (last > start && start >= 0) this.rate = (last - start) / ((performance.now() - tStart) / 1000);
    } catch (e) {
      if (isAbort(e) || signal.aborted) return;
      this.failed.push(v.id);
      this.state = 'error';
      this.message = `${v.name}: ${AppError.from(e, 'detect').message}`;
      console.warn('detections failed:', e);
    } finally {
      await this.refresh(v.id, kinds);
    }
  }

  /** Turns a kind on or off (stored). Off stops a run; the stored finds stay until deleted. */
  async setEnabled(kind: DetectionKind, on: boolean): Promise<void> {
    this.settings = { ...this.settings, [kind]: on };
    await saveSetting('detect', $state.snapshot(this.settings));
    this.stop();
    this.failed = [];
    this.sync();
  }

  /** Stops looking until resumed; what was stored stays (read back before it says paused), and the next run goes on after it. */
  async pause(): Promise<void> {
    this.paused = true;
    this.stop();
    await this.running;
    if (this.paused) this.state = 'paused';
  }

  resume(): void {
    this.paused = false;
    this.sync();
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
    this.current = null;
  }

  /** Deletes every stored find of one kind, from every video, and turns that kind off. */
  async deleteAll(kind: DetectionKind): Promise<void> {
    this.settings = { ...this.settings, [kind]: false };
    await saveSetting('detect', $state.snapshot(this.settings));
    this.stop();
    const ids = [...this.storedOf(kind).keys(), ...this.library.videos.map((v) => v.id)];
    await Promise.all(ids.filter((id, i) => ids.indexOf(id) === i).map((id) => removeDetections(id, kind)));
    this.setStored(kind, mapOf());
    this.sync();
  }

  /** A video's frames were thrown away (a restart, a decoder starting over): its finds say nothing of the new ones. */
  async drop(id: VideoId): Promise<void> {
    this.forget(id);
    await Promise.all((['objects', 'faces'] as const).map((kind) => removeDetections(id, kind)));
  }

  /** A removed video's finds go with its folder; only the maps forget it. */
  forget(id: VideoId): void {
    if (this.current?.id === id) this.stop();
    for (const kind of ['objects', 'faces'] as const) if (this.storedOf(kind).has(id)) this.setStored(kind, withEntry(this.storedOf(kind), id, null));
    this.sync();
  }
}
