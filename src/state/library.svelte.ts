// The library the UI reads: every video, its status and live progress, and
// the ingest queue. Owns the ingest client; persists every status change so a
// reload finds the same library.
import { SvelteMap } from 'svelte/reactivity';
import { AppError, isAbort, isQuotaError } from '../core/errors';
import { asVideoId, lookId, lookOwner, type VideoId } from '../core/ids';
import { combineProgress, RateMeter, type PartProgress } from '../core/progress';
import { decodeLanes, fingerprint, IngestClient, type IngestEvent } from '../stages/ingest';
import {
  deleteHandle, deleteRecord, FrameReader, loadHandle, loadRecords, removeVideoFiles, requestPersistence,
  saveHandle, saveRecord, storedVideoIds,
} from '../storage';
import type { Settings } from './settings.svelte';
import { addNotice, liveNotices, nextExpiry, type Notice, type NoticeKind } from './noticeList';
import { canRestart, isActive, newRecord, recoverLook, recoverRecord, recoverSound, summarize, worthRestarting, type VideoRecord, type VideoSound } from './videoRecord';
import { frameMime, LOOK_BUDGET } from '../stages/ingest';

export { opfsAvailable } from '../storage';
export type { FrameReader } from '../storage';

export interface AddInput {
  file: File;
  handle?: FileSystemFileHandle;
  folder?: string | null;
}

export interface Engine {
  multiThreaded: boolean;
  threads: number;
}

export class Library {
  videos = $state.raw<VideoRecord[]>([]);
  /** each decoding video's progress; `fraction` is how far into the source it is (by time, when its duration is known) */
  readonly decoding = new SvelteMap<VideoId, PartProgress>();
  /** the decoding videos' progress as one (the slowest one's time left), or null when none decodes */
  readonly progress = $derived(combineProgress([...this.decoding.values()]));
  selectedId = $state<VideoId | null>(null);
  /** the selection was the user's (a row clicked), not the first video added */
  selectedByUser = $state(false);
  notices = $state.raw<Notice[]>([]);
  engine = $state.raw<Engine | null>(null);
  loaded = $state(false);
  /** bumps when stored frames change, so views re-read them */
  framesVersion = $state(0);

  readonly summary = $derived(summarize(this.videos));
  readonly selected = $derived(this.videos.find((v) => v.id === this.selectedId) ?? null);

  /** the File of each video added in this session (reactive: the Restart button depends on it) */
  private readonly files = new SvelteMap<VideoId, File>();
  /** one ingest worker per video decoding at once: the first stays, the others are let go when idle */
  private readonly clients = [new IngestClient()];
  /** first looks run in a worker of their own, let go when idle */
  private readonly lookClient = new IngestClient({ idleMs: 10_000 });
  /** stored videos whose sound is to be read (added again after it was never read) */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
  private readonly soundWanted = new Set<VideoId>();
  private looking: { abort: AbortController; done: Promise<void> } | null = null;
  /** the videos decoding (or reading their sound), each on its own ingest worker */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
  private readonly running = new Map<VideoId, { abort: AbortController; client: IngestClient }>();
  /** interrupted videos queued again: their next pass goes on after the frames they stored */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
  private readonly resumable = new Set<VideoId>();
  /** videos whose decoder hung once this session: they had their one more pass on a fresh worker */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
  private readonly stalledOnce = new Set<VideoId>();
  /** told when a video has frames to embed: more of them while it decodes, all once done or partial, or when removed */
  onFramesReady: (id: VideoId) => void = () => {};
  /** told when a video's stored frames are thrown away while it stays (a restart, ffmpeg.wasm starting over) */
  onFramesDropped: (id: VideoId) => void = () => {};
  onRemoved: (id: VideoId) => void = () => {};
  /** told when a video's sound has been read (or found missing) */
  onSoundReady: (id: VideoId) => void = () => {};
  /** asked before a dense pass starts: true holds it (while a first look is turned into the first map) */
  holdDense: () => boolean = () => false;

  constructor(private readonly settings: Settings) {}

  async load(): Promise<void> {
    const records = await loadRecords<VideoRecord>();
    // Each record checked against its stored frames; all at once, so a large library opens quickly.
    const recovered = await Promise.all(
      records
        .sort((a, b) => a.addedAt - b.addedAt)
        .map(async (r) => {
          const stored = (await FrameReader.open(r.id, frameMime(r.params))).count;
          const looked = r.look ? (await FrameReader.open(lookId(r.id), frameMime(r.params))).count : 0;
          let next = recoverRecord(r, stored);
          const look = recoverLook(r.look, looked);
          if (look !== (r.look ?? null)) next = { ...next, look };
          const sound = recoverSound(r.sound);
          if (sound !== (r.sound ?? null)) next = { ...next, sound };
          if (next !== r) await saveRecord(r.id, next);
          return next;
        }),
    );
    this.videos = recovered;
    this.loaded = true;
    await this.removeOrphans();
    await this.resumeFromHandles();
  }

  /** @param skipped files a folder walk left out as not videos, for the notice */
  async add(inputs: AddInput[], skipped = 0): Promise<void> {
    void requestPersistence();
    // A drop shows its progress: a library drawer the user closed opens by itself again while this ingests.
    if (inputs.length && this.settings.panels.library === 'closed') void this.settings.savePanels({ library: 'auto' });
    if (skipped) this.notify(`skipped ${skipped} file${skipped === 1 ? '' : 's'} that do not look like videos`, 'info');
    const queued: VideoId[] = [];
    for (const input of inputs) {
      try {
        const id = await this.addOne(input);
        if (id) queued.push(id);
      } catch (e) {
        this.notify(`${input.file.name}: ${AppError.from(e, 'ingest').message}`);
      }
    }
    // A video added again after a reload keeps the first look it had.
    const unseen = queued.filter((id) => !this.get(id)?.look?.frames);
    if (unseen.length && this.settings.firstLook) this.firstLook(unseen);
    this.pump();
  }

  /**
   * A first look at a drop, before any of its dense passes: a few real frames per video, stored beside it, in a
   * worker of its own (a dense pass of an earlier drop goes on meanwhile; the next one waits for the look).
   */
  private firstLook(ids: VideoId[]): void {
    const videos = ids.flatMap((id) => {
      const v = this.get(id), file = this.files.get(id);
      return v && file ? [{ videoId: id, file, params: v.params }] : [];
    });
    const abort = new AbortController();
    for (const v of videos) this.update(v.videoId, { look: { frames: 0, planned: 0, state: 'decoding', reason: null } });
    const run = this.lookClient.look({ videos, budget: LOOK_BUDGET }, (e) => {
      if (!this.get(e.videoId)) return; // removed meanwhile
      const { type: _t, videoId, ...look } = e;
      this.update(videoId, { look }, e.state !== 'decoding');
      if (e.state !== 'decoding' && e.frames > 0) this.onFramesReady(videoId);
    }, abort.signal);
    this.looking = { abort, done: run.then(() => undefined) };
    void run
      .catch((e: unknown) => {
        if (!isAbort(e)) this.notify(`First look stopped: ${AppError.from(e, 'ingest').message}`);
        for (const v of videos) {
          const look = this.get(v.videoId)?.look;
          if (look?.state === 'decoding') this.update(v.videoId, { look: { ...look, state: 'failed', reason: isAbort(e) ? 'cancelled' : AppError.from(e, 'ingest').message } });
        }
      })
      .finally(() => {
        this.looking = null;
        this.pump();
      });
  }

  cancel(id: VideoId): void {
    const v = this.get(id);
    if (!v || !isActive(v.status)) return;
    const run = this.running.get(id);
    if (run) {
      run.abort.abort();
      return; // the run's own handler records the cancellation
    }
    this.update(id, { status: 'cancelled', reason: 'cancelled before decoding started' });
  }

  async remove(id: VideoId): Promise<void> {
    const run = this.running.get(id);
    if (run) {
      run.abort.abort();
      await this.idle(id);
    }
    if (this.get(id)?.look?.state === 'decoding' && this.looking) {
      this.looking.abort.abort(); // the others of its drop go to their dense passes without a look
      await this.looking.done.catch(() => undefined);
    }
    this.onRemoved(id);
    this.videos = this.videos.filter((v) => v.id !== id);
    if (this.selectedId === id) this.selectedId = null;
    this.files.delete(id);
    await Promise.all([removeVideoFiles(id), removeVideoFiles(lookId(id)), deleteRecord(id), deleteHandle(id)]);
  }

  /** Restart a video that failed, was cancelled or interrupted (the file must be at hand). */
  retry(id: VideoId): void {
    const v = this.get(id);
    if (!v || !canRestart(v.status)) return;
    if (!this.files.has(id)) {
      this.notify(`${v.name}: the original file is not available any more; add it again to restart`);
      return;
    }
    this.queueAgain(v);
    this.pump();
  }

  /**
   * Queues a video that stopped for another pass. One cut off by a reload, with the same settings, goes on after the
   * frames it stored; anything else starts over.
   */
  private queueAgain(v: VideoRecord): void {
    const params = this.settings.snapshot();
    const same = JSON.stringify(v.params) === JSON.stringify(params);
    if (v.status === 'interrupted' && same) this.resumable.add(v.id);
    else this.resumable.delete(v.id);
    // A first look taken with other settings is not frames of the new pass: it goes (a new drop takes a new one).
    if (!same && v.look) void removeVideoFiles(lookId(v.id)).catch(() => undefined);
    this.update(v.id, { status: 'queued', reason: null, errorCode: null, params, ...(same ? {} : { look: null }) });
  }

  canRetry(id: VideoId): boolean {
    const v = this.get(id);
    return !!v && worthRestarting(v) && this.files.has(id);
  }

  /**
   * The original file of a video, to play it: the File added in this session,
   * or the stored handle when the browser still grants (or, within a click, grants again) read access.
   */
  async originalFile(id: VideoId, ask = false): Promise<File | null> {
    const f = this.files.get(id);
    if (f) return f;
    type Permissioned = FileSystemFileHandle & { queryPermission?(o: object): Promise<string>; requestPermission?(o: object): Promise<string> };
    const h = (await loadHandle(id).catch(() => undefined)) as Permissioned | undefined;
    if (!h) return null;
    let perm = await h.queryPermission?.({ mode: 'read' }).catch(() => 'denied');
    if (perm !== 'granted' && ask) perm = await h.requestPermission?.({ mode: 'read' }).catch(() => 'denied');
    if (perm !== 'granted') return null;
    try {
      const file = await h.getFile();
      this.files.set(id, file);
      return file;
    } catch {
      return null; // moved or deleted since
    }
  }

  /** Points a video at its file again (after a reload); the content must be the same video. */
  async relink(id: VideoId, file: File): Promise<void> {
    const fp = await fingerprint(file);
    if (asVideoId(fp.slice(0, 24)) !== id) {
      const v = this.get(id);
      throw new AppError('wrong-file', 'app', `${file.name} is not the same video as ${v?.name ?? id} (its content differs)`);
    }
    this.files.set(id, file);
  }

  /** A snapshot of a video's stored frames (open again to see frames stored later). */
  openFrames(v: VideoRecord): Promise<FrameReader> {
    return FrameReader.open(v.id, frameMime(v.params));
  }

  select(id: VideoId | null): void {
    this.selectedId = id;
    this.selectedByUser = id !== null;
  }

  dismissNotice(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  private noticeId = 0;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  /** Says something to the user: a warning stays until dismissed, information goes by itself (noticeList.ts). */
  notify(msg: string, kind: NoticeKind = 'warn'): void {
    this.notices = addNotice(this.notices, msg, kind, Date.now(), ++this.noticeId);
    this.expireNotices();
  }

  private expireNotices(): void {
    clearTimeout(this.noticeTimer);
    this.notices = liveNotices(this.notices, Date.now());
    const next = nextExpiry(this.notices);
    if (next !== null) this.noticeTimer = setTimeout(() => this.expireNotices(), Math.max(0, next - Date.now()));
  }

  private get(id: VideoId): VideoRecord | undefined {
    return this.videos.find((v) => v.id === id);
  }

  private update(id: VideoId, patch: Partial<VideoRecord>, persist = true): void {
    let next: VideoRecord | undefined;
    this.videos = this.videos.map((v) => (v.id === id ? (next = { ...v, ...patch }) : v));
    if (next && persist) void saveRecord(id, next).catch((e: unknown) => this.saveFailed(e));
  }

  /** A record that could not be stored stays correct in this tab; say so once per kind of failure. */
  private saveFailed(e: unknown): void {
    const err = AppError.from(e, 'storage', isQuotaError(e) ? 'quota' : 'storage');
    const msg = isQuotaError(e)
      ? 'Storage is full: the library could not be saved, so recent changes would be lost on reload. Free some space or remove videos.'
      : `The library could not be saved: ${err.message}`;
    this.notify(msg);
  }

  /** @returns the id when the video was queued */
  private async addOne({ file, handle, folder = null }: AddInput): Promise<VideoId | null> {
    const fp = await fingerprint(file);
    const id = asVideoId(fp.slice(0, 24));
    const existing = this.get(id);
    if (existing && (existing.status === 'done' || existing.status === 'partial') && !existing.sound) {
      // its frames are stored; only its sound was never read
      this.files.set(id, file);
      this.soundWanted.add(id);
      this.pump();
      return null;
    }
    if (existing && !canRestart(existing.status)) {
      this.notify(`${file.name} is already in the library${existing.name !== file.name ? ` as ${existing.name}` : ''}; not added twice`, 'info');
      return null;
    }
    this.files.set(id, file);
    if (handle) await saveHandle(id, handle).catch(() => undefined);
    if (existing) {
      this.queueAgain(existing);
      return id;
    }
    const record = newRecord(id, file, folder, fp, this.settings.snapshot(), Date.now());
    this.videos = [...this.videos, record];
    await saveRecord(id, record).catch((e: unknown) => this.saveFailed(e));
    // The first video added shows its frames as they decode, until the user picks one.
    this.selectedId ??= id;
    return id;
  }

  /** Starts the next dense passes if some wait and nothing holds them (called when a hold ends, or lanes change). */
  resume(): void {
    this.pump();
  }

  /** Fills the free lanes (decodeLanes.ts) with queued videos, then with sound still to read. */
  private pump(): void {
    if (this.looking || this.holdDense()) return;
    const lanes = decodeLanes(this.settings.decodeLanes, globalThis.navigator?.hardwareConcurrency ?? 1);
    while (this.running.size < lanes) {
      // runOne and soundOnly take their lane before their first await, so the next turn sees it taken
      const next = this.videos.find((v) => v.status === 'queued' && this.files.has(v.id) && !this.running.has(v.id));
      const sound = [...this.soundWanted].find((id) => !this.running.has(id));
      if (next) void this.runOne(next.id);
      else if (sound) void this.soundOnly(sound);
      else return;
    }
  }

  /** Takes a lane for a video: an ingest worker no other run is using (a new one when all are busy). */
  private takeLane(id: VideoId): { abort: AbortController; client: IngestClient } {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const busy = new Set([...this.running.values()].map((r) => r.client));
    let client = this.clients.find((c) => !busy.has(c));
    if (!client) this.clients.push((client = new IngestClient({ idleMs: 10_000 })));
    const lane = { abort: new AbortController(), client };
    this.running.set(id, lane);
    return lane;
  }

  private setProgress(id: VideoId, p: PartProgress | null): void {
    if (p) this.decoding.set(id, p);
    else this.decoding.delete(id);
  }

  /** Reads a stored video's sound (its frames were read before sound was). */
  private async soundOnly(id: VideoId): Promise<void> {
    this.soundWanted.delete(id);
    const file = this.files.get(id);
    if (!file || !this.get(id)) return this.pump();
    const { abort, client } = this.takeLane(id);
    try {
      await this.readSound(id, file, client, abort.signal);
    } finally {
      this.running.delete(id);
      this.pump();
    }
  }

  /** The video's sound into its sound file, after its frames; what came of it goes on the record (never thrown). */
  private async readSound(id: VideoId, file: File, client: IngestClient, signal: AbortSignal): Promise<void> {
    const blank: VideoSound = { state: 'decoding', seconds: 0, peakDb: null, path: null, codec: null, reason: null };
    this.update(id, { sound: blank });
    try {
      const r = await client.audio({ videoId: id, file, decoder: this.get(id)?.params.decoder }, (seconds) => this.update(id, { sound: { ...blank, seconds } }, false), signal);
      this.update(id, { sound: { state: r.state, seconds: r.seconds, peakDb: r.peakDb, path: r.path, codec: r.codec, reason: r.reason, decodeSeconds: r.decodeSeconds } });
      this.onSoundReady(id);
    } catch (e) {
      if (!this.get(id)) return;
      this.update(id, { sound: isAbort(e) ? null : { ...blank, state: 'failed', reason: AppError.from(e, 'ingest').message } });
    }
  }

  private async runOne(id: VideoId): Promise<void> {
    const file = this.files.get(id)!;
    const { abort, client } = this.takeLane(id);
    // A user-timing mark per decode (DevTools shows them; tests count them to prove a reload re-decodes nothing).
    performance.mark('ingest-run', { detail: id });
    let meter = new RateMeter();
    // Kept frames give the rate; source time gives how far along it is (a header's frame count
    // can be far off for variable-rate files, time never is).
    let clock = new RateMeter();
    const params = this.get(id)!.params;
    const resume = this.resumable.delete(id);
    this.update(id, { status: 'decoding', bytes: 0, reason: null, errorCode: null, ...(resume ? {} : { frames: 0 }) });
    // A restart starts from nothing: no frames or features of an earlier attempt survive. A pass going on after a
    // reload keeps its frames (the worker checks they are this sampling's first ones, else it empties the pack).
    if (!resume) {
      this.onFramesDropped(id);
      await removeVideoFiles(id).catch(() => undefined);
    }
    this.setProgress(id, { ...meter.sample(0, null, performance.now()), fraction: null });
    let expected: number | null = null;
    let duration: number | null = null;
    let sampling = false;
    let told = 0; // frames the features queue was last told of
    const onEvent = (e: IngestEvent) => {
      if (e.type === 'loaded') this.engine = { multiThreaded: e.multiThreaded, threads: e.threads };
      else if (e.type === 'path') {
        // A second path event is ffmpeg.wasm starting over after WebCodecs failed: the rate starts over too.
        [meter, clock] = [new RateMeter(), new RateMeter()];
        this.update(id, { decodePath: e.path, decodeReason: e.reason, frames: 0, bytes: 0 });
      } else if (e.type === 'probed') {
        sampling = true;
        expected = e.expectedFrames;
        duration = e.probe.duration;
        this.update(id, { probe: e.probe, expectedFrames: e.expectedFrames, thumbWidth: e.thumbWidth, thumbHeight: e.thumbHeight });
      } else if (e.type === 'emptied') {
        this.update(id, { frames: 0, bytes: 0 }, false);
        this.onFramesDropped(id);
      } else {
        const now = performance.now();
        const byFrames = meter.sample(e.frames, expected, now);
        const byTime = duration ? clock.sample(e.lastTime, duration, now) : null;
        this.setProgress(id, { ...byFrames, eta: byTime ? byTime.eta : byFrames.eta, fraction: duration ? Math.min(1, e.lastTime / duration) : null });
        this.update(id, { frames: e.frames, bytes: e.bytes }, false);
        this.framesVersion++;
        // Features may start on them while decoding goes on (they run a chunk at a time: no need to say it each time).
        if (e.frames < told || e.frames - told >= 16) {
          told = e.frames;
          this.onFramesReady(id);
        }
      }
    };
    try {
      const r = await client.run({ videoId: id, file, params, restart: !resume }, onEvent, abort.signal);
      // A complete file kept what it kept: the header's estimate no longer stands beside it.
      const expectedFrames = r.status === 'done' ? r.frames : this.get(id)?.expectedFrames ?? null;
      this.update(id, { status: r.status, frames: r.frames, bytes: r.bytes, reason: r.reason, decodeSeconds: r.decodeSeconds, expectedFrames, decodePath: r.decodePath, decodeReason: r.decodeReason, resumedFrom: r.resumedFrom ?? null, leftOut: r.leftOut ?? null });
      this.onFramesReady(id);
      await this.readSound(id, file, client, abort.signal);
    } catch (e) {
      // Frames stored now are this run's only if sampling began; older ones go.
      if (!sampling && !resume) await removeVideoFiles(id).catch(() => undefined);
      const stored = sampling ? (await FrameReader.open(id, frameMime(params))).count : 0;
      const err = AppError.from(e, 'ingest');
      if (isAbort(e)) {
        this.update(id, { status: 'cancelled', frames: stored, reason: `cancelled after ${stored} frames` });
      } else if (err.code === 'stalled' && !this.stalledOnce.has(id)) {
        // A hung decoder (ffmpeg.wasm when one of its threads faults: ingest/coreRecycler.ts) was stopped with its
        // worker: the video gets one more pass on a fresh one, going on after the frames it stored.
        this.stalledOnce.add(id);
        if (stored > 0) this.resumable.add(id);
        console.warn(`library: ${file.name}: ${err.message}; decoding it again on a fresh worker`);
        this.update(id, { status: 'queued', frames: stored, reason: null });
      } else {
        this.update(id, {
          status: stored > 0 ? 'partial' : 'error', frames: stored, errorCode: err.code,
          reason: stored > 0 ? `stopped after ${stored} frames: ${err.message}` : err.message,
        });
      }
    } finally {
      this.running.delete(id);
      this.setProgress(id, null);
      this.framesVersion++;
      const status = this.get(id)?.status;
      if (status === 'done' || status === 'partial') this.onFramesReady(id);
      this.pump();
    }
  }

  private async idle(id: VideoId): Promise<void> {
    while (this.running.has(id)) await new Promise((r) => setTimeout(r, 20));
  }

  /** Frames in OPFS with no record (e.g. a removal cut short by closing the tab). */
  private async removeOrphans(): Promise<void> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const known = new Set(this.videos.map((v) => v.id));
    for (const id of await storedVideoIds()) if (!known.has(lookOwner(id) ?? id)) await removeVideoFiles(id);
  }

  /** Interrupted videos whose file handle still grants read access restart on their own. */
  private async resumeFromHandles(): Promise<void> {
    for (const v of this.videos.filter((x) => x.status === 'interrupted')) {
      const h = await loadHandle(v.id).catch(() => undefined);
      const perm = await (h as unknown as { queryPermission?(o: object): Promise<string> })?.queryPermission?.({ mode: 'read' });
      if (!h || perm !== 'granted') continue;
      try {
        this.files.set(v.id, await h.getFile());
        this.queueAgain(v);
      } catch {
        // The file moved or was deleted: stays interrupted until it is added again.
      }
    }
    this.pump();
  }
}
