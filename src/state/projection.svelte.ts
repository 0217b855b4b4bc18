// The 2-D layout as the UI sees it: trained automatically once every video has
// features and none exists, retrained on demand (the current layout stays
// until the new one is accepted), new videos placed by the trained encoder.
import { AppError } from '../core/errors';
import { alignTransform, ProjectionClient, DEFAULT_AE, layoutCsv, refineEpochs, sharedRows, thenTransform, transformPoints, type LayoutMeta, type LayoutMethod, type LossParts } from '../stages/projection';
import { lookId, lookOwner } from '../core/ids';
import { pipelineStatus } from './pipeline';
import { frameMime } from '../stages/ingest';
import { SearchClient, SOUND_MODEL } from '../stages/search';
import { isSilent } from './videoRecord';
import { clearTrainingMark, finishPromotion, FrameReader, loadLayout, loadSetting, markTraining, saveSetting, promoteLayout, readTrainingMark, removeLayout, removeVideoFiles, saveLayout } from '../storage';
import type { Features } from './features.svelte';
import type { Library } from './library.svelte';

export type LayoutSource = 'appearance' | 'sound';

export interface LayoutSettings {
  method: LayoutMethod;
  epochs: number;
  pcaDim: number;
  seed: number;
  codeStd: number;
}

/**
 * What a training leaves in storage while it runs; a reload finds it and reports it as interrupted,
 * with the same fields.
 */
export interface InterruptedTraining {
  settings: LayoutSettings;
  /** training the first layout (written as the current one) rather than a candidate */
  first: boolean;
  startedAt: number;
}
type TrainingMark = InterruptedTraining;

/** Frames with features that a video still decoding must have beyond what the layout holds before more are placed. */
const PLACE_STEP = 64;

/** A stored layout, its coordinates cut to the frames its description lists (a reload can leave more behind). */
async function openLayout(name: string): Promise<{ meta: LayoutMeta; coords: Float32Array } | null> {
  const found = await loadLayout<LayoutMeta>(name);
  if (!found) return null;
  const { meta, coords } = found;
  return { meta, coords: coords.length > 2 * meta.frames ? coords.slice(0, 2 * meta.frames) : coords };
}

/** A stored layout mirrored (when asked) and turned, with its stretch, so frames placed later follow. */
async function transformLayout(name: string, meta: LayoutMeta, coords: Float32Array, t: { angle: number; mirror: boolean }): Promise<[LayoutMeta, Float32Array]> {
  const next: [LayoutMeta, Float32Array] = [{ ...meta, stretch: meta.stretch ? thenTransform(meta.stretch, t) : null }, transformPoints(coords, t)];
  await saveLayout(name, next[0], next[1], null); // the PCA/encoder file stays as it is
  return next;
}

export const DEFAULT_LAYOUT_SETTINGS: LayoutSettings = { method: 'autoencoder', epochs: 60, pcaDim: 256, seed: 1, codeStd: DEFAULT_AE.codeStd };

export class Projection {
  meta = $state.raw<LayoutMeta | null>(null);
  coords = $state.raw<Float32Array | null>(null);
  candidate = $state.raw<LayoutMeta | null>(null);
  candidateCoords = $state.raw<Float32Array | null>(null);
  training = $state(false);
  stage = $state('');
  losses = $state.raw<LossParts[]>([]);
  epochs = $state(0);
  error = $state<string | null>(null);
  settings = $state<LayoutSettings>({ ...DEFAULT_LAYOUT_SETTINGS });
  /** what the layout is made of: the frames' features (appearance) or their sound's descriptors (stored) */
  source = $state<LayoutSource>('appearance');
  /** videos with features that the current layout does not hold yet were placed by the encoder */
  retrainSuggested = $state(false);
  /** a training that a reload cut off, until it is started again or dismissed */
  interrupted = $state.raw<InterruptedTraining | null>(null);

  /** where the whole pipeline stands: first look, filling in, ready (pipeline.ts) */
  readonly pipeline = $derived.by(() =>
    pipelineStatus({
      videos: this.library.videos,
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
      layout: this.meta ? new Map(this.meta.videos.map((v) => [v.id, v.frames])) : null,
      stuck: (id) => this.features.paused || !!this.features.blocked || !!this.features.errors[id],
      retrainDue: this.holdsLooks && !this.error,
    }),
  );
  /**
   * 'ready' only once every sampled frame is placed; 'filling' while a first-look map waits for the rest. A layout of
   * sound is trained on demand over the videos with sound it was asked for: ready once it exists.
   */
  readonly status = $derived(
    this.training ? 'training' : this.meta ? (this.source === 'sound' || this.pipeline.phase === 'ready' ? 'ready' : 'filling') : 'none',
  );
  /** writing the sound descriptors a layout of sound trains on */
  private readonly soundRows = new SearchClient();
  /** frames the current layout was trained on (this session), for the retrain-when-doubled rule */
  private trainedFrames = 0;
  /** how far frames moved at the last automatic retrain, after alignment (layout units) */
  lastShift = $state<number | null>(null);
  private readonly client = new ProjectionClient();
  private loadedFor: string | null = null;
  /** layout writes (placing, rotating, accepting) one at a time: two at once would mix their files */
  private lock: Promise<unknown> = Promise.resolve();
  private syncQueued: Promise<void> | null = null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
  private readonly recovered = new Map<string, Promise<void>>();

  constructor(
    private readonly library: Library,
    private readonly features: Features,
  ) {}

  /** The model the layout's rows come from: the feature model, or the sound descriptors. */
  private layoutModel(): string | null {
    return this.source === 'sound' ? SOUND_MODEL : (this.features.model?.value ?? null);
  }

  private name(kind: 'current' | 'candidate'): string | null {
    const m = this.layoutModel();
    return m ? `${kind}-${m}` : null;
  }

  /** Switches what the layout is made of (stored); the other source's layout stays stored for when it is chosen again. */
  async setSource(source: LayoutSource): Promise<void> {
    if (source === this.source || this.training) return;
    this.source = source;
    await saveSetting('layout-source', source);
    this.loadedFor = null;
    this.meta = this.coords = this.candidate = this.candidateCoords = null;
    this.error = null;
    this.retrainSuggested = false;
    await this.sync();
  }

  /** Videos whose sound was read and is not silent: what a layout of sound can hold. */
  private soundVideos() {
    return this.library.videos.filter((v) => (v.status === 'done' || v.status === 'partial') && v.frames > 0 && v.sound?.state === 'done' && !isSilent(v.sound));
  }

  /** Videos whose features are complete for the current model. */
  private ready() {
    return this.library.videos
      .filter((v) => (v.status === 'done' || v.status === 'partial') && v.frames > 0 && (this.features.counts[v.id] ?? 0) >= v.frames)
      .map((v) => ({ id: v.id, name: v.name, frames: v.frames, label: v.folder }));
  }

  /**
   * Videos still decoding, with the frames that have features so far (features run during the dense pass), once
   * enough more than the layout holds of them: a tenth more, or a chunk. They are placed by the encoder as they come.
   */
  private filling(held: ReadonlyMap<string, number>) {
    return this.library.videos
      .filter((v) => v.status === 'decoding')
      .map((v) => ({ id: v.id, name: v.name, frames: Math.min(v.frames, this.features.counts[v.id] ?? 0), label: v.folder }))
      .filter((v) => {
        const have = held.get(v.id) ?? 0;
        return v.frames >= have + Math.max(PLACE_STEP, Math.ceil(have / 10));
      });
  }

  /** First looks of videos not ready themselves, whose features are all there: what the first map is made of. */
  private looks() {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const ready = new Set(this.ready().map((v) => v.id));
    return this.library.videos
      .filter((v) => v.look && v.look.frames > 0 && v.look.state !== 'decoding' && !ready.has(v.id) && (this.features.counts[lookId(v.id)] ?? 0) >= v.look.frames)
      .map((v) => ({ id: lookId(v.id), name: v.name, frames: v.look!.frames, label: v.folder }));
  }

  /** What a training places: videos with all their features, and the first looks of the others. */
  private trainable() {
    return [...this.ready(), ...this.looks()];
  }

  /**
   * The first map is being made from first looks: dense passes wait meanwhile (they would take the cores the
   * looks' features and the training need). Not once something failed or extraction is paused.
   */
  get awaitingFirstMap(): boolean {
    if (this.meta || this.error || this.features.blocked || this.features.paused) return false;
    return this.training || this.looks().length > 0 || this.looksPending();
  }

  /** A first look still decoding or waiting for features. */
  private looksPending(): boolean {
    return this.library.videos.some((v) => v.look?.state === 'decoding' || this.features.lookPending(v));
  }

  /** Why a first layout cannot be trained yet (the button says so), or null when some video has all its features. */
  get trainBlocker(): string | null {
    if (this.source === 'sound') return this.meta || this.soundVideos().length ? null : 'No video has a sound track with sound in it yet';
    if (this.meta || this.trainable().length) return null;
    const videos = this.library.videos.filter((v) => v.frames > 0);
    if (!videos.length) return 'Add videos first: the layout places their frames';
    const total = videos.reduce((n, v) => n + v.frames, 0);
    const done = videos.reduce((n, v) => n + Math.min(v.frames, this.features.counts[v.id] ?? 0), 0);
    return `Waiting for features: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} frames`;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Once per model and session: finishes an accept and notes a training that a reload interrupted. */
  private recover(model: string): Promise<void> {
    let done = this.recovered.get(model);
    if (!done) {
      done = this.recoverNow(model).catch((e: unknown) => console.warn('layout: could not check for interrupted work', e));
      this.recovered.set(model, done);
    }
    return done;
  }

  private async recoverNow(model: string): Promise<void> {
    await finishPromotion(`current-${model}`);
    for (const first of [true, false]) {
      const name = `${first ? 'current' : 'candidate'}-${model}`;
      const mark = await readTrainingMark<TrainingMark>(name);
      if (!mark) continue;
      await clearTrainingMark(name);
      const found = await openLayout(name);
      if (found && found.meta.createdAt >= mark.startedAt) {
        // It finished just before the reload: a retrained layout still waits to be accepted.
        if (!first) {
          this.candidate = found.meta;
          this.candidateCoords = found.coords;
        }
        continue;
      }
      if (!first) await removeLayout(name); // whatever part of it was written
      this.interrupted = { settings: { ...DEFAULT_LAYOUT_SETTINGS, ...mark.settings }, first: mark.first, startedAt: mark.startedAt };
    }
  }

  /** Opens the stored layout of a model at startup, before the feature model is settled (a guess; sync corrects it). */
  async preload(featureModel: string | null): Promise<void> {
    if ((await loadSetting<LayoutSource>('layout-source')) === 'sound') this.source = 'sound';
    const model = this.source === 'sound' ? SOUND_MODEL : featureModel;
    if (!model || this.loadedFor) return;
    await this.recover(model);
    if (this.loadedFor) return;
    const name = `current-${model}`;
    const found = await openLayout(name);
    if (this.loadedFor) return; // sync got there first
    this.meta = found?.meta ?? null;
    this.coords = found?.coords ?? null;
    this.loadedFor = name;
    performance.mark('layout-loaded');
  }

  /** Called whenever the features queue goes idle (often): one run at a time, calls while one waits join it. */
  sync(): Promise<void> {
    this.syncQueued ??= this.exclusive(() => {
      this.syncQueued = null;
      // However it ended, a dense pass held for the first map may go on now.
      return this.syncNow().finally(() => this.library.resume());
    });
    return this.syncQueued;
  }

  private async syncNow(): Promise<void> {
    const name = this.name('current');
    const model = this.layoutModel();
    if (!name || !model || this.training) return;
    await this.recover(model);
    if (this.loadedFor !== name) {
      const found = await openLayout(name);
      this.meta = found?.meta ?? null;
      this.coords = found?.coords ?? null;
      this.loadedFor = name;
      performance.mark('layout-loaded');
    }
    if (this.source === 'sound') return this.syncSound();
    const ready = this.ready();
    const pending = this.features.runningId !== null || this.library.summary.active > 0;
    if (!this.meta) {
      // A first look maps as soon as every look has its features; the dense passes fill in after.
      if ((ready.length && !pending) || (this.looks().length && !this.looksPending())) await this.train(true);
      return;
    }
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const held = new Map(this.meta.videos.map((v) => [v.id as string, v.frames]));
    // New videos, the further frames of videos still decoding, and the looks of videos not there yet. A video
    // placed in full hides its look on the map (mapData); one still filling in shows both.
    const fresh = [...ready, ...this.filling(held), ...this.looks()].filter((v) => {
      const owner = lookOwner(v.id);
      if (owner) return !held.has(v.id) && !held.has(owner);
      return v.frames > (held.get(v.id) ?? 0);
    });
    if (fresh.length && this.meta.method !== 'umap') {
      try {
        const meta = await this.client.place({ name, videos: fresh });
        this.coords = (await openLayout(name))?.coords ?? this.coords;
        this.meta = meta;
        this.retrainSuggested = true;
      } catch (e) {
        this.error = AppError.from(e, 'projection').message;
        return;
      }
    } else if (fresh.length) this.retrainSuggested = true;
    if (this.autoRetrainDue(pending)) await this.retrainAligned();
  }

  /**
   * A layout of sound is trained when chosen (and none is stored) over the videos with sound then; it is not filled
   * in as videos come (the descriptors are standardised over the videos it holds): later ones suggest a retrain.
   */
  private async syncSound(): Promise<void> {
    const held = this.meta?.videos.map((v) => v.id as string) ?? [];
    if (!this.meta) {
      if (this.soundVideos().length && this.library.summary.active === 0) await this.train(true);
      return;
    }
    this.retrainSuggested = this.soundVideos().some((v) => !held.includes(v.id));
  }

  /** The layout still holds first looks that an automatic retrain will replace. */
  private get holdsLooks(): boolean {
    const meta = this.meta;
    return !!meta && meta.method !== 'umap' && meta.videos.some((v) => lookOwner(v.id));
  }

  /**
   * A layout made from first looks is trained again by itself: when nothing is left to fill in, or when the
   * frames placed by its encoder have doubled since it was trained. Not over a candidate waiting to be accepted.
   */
  private autoRetrainDue(pending: boolean): boolean {
    const meta = this.meta;
    if (!meta || !this.holdsLooks || this.candidate) return false;
    // Only once some video's own frames are placed: a layout of looks alone has nothing new to learn from. Frames of
    // videos still decoding do not count: a retrain learns from looks and complete videos.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const complete = new Set(this.ready().map((v) => v.id as string));
    const own = meta.videos.reduce((n, v) => n + (complete.has(v.id) ? v.frames : 0), 0);
    return own > 0 && (!(pending || this.looksPending()) || (this.trainedFrames > 0 && own >= 2 * this.trainedFrames));
  }

  /** Retrains as a candidate, turns it to lie where the current map lies, and accepts it: the map does not jump. */
  private async retrainAligned(): Promise<void> {
    const before = this.meta && this.coords ? { videos: this.meta.videos, coords: this.coords } : null;
    await this.train(false, true);
    const cand = this.candidate, coords = this.candidateCoords, from = this.name('candidate');
    if (!cand || !coords || !from) return;
    if (before) {
      // Turned before it is shown: the map changes once, from the first look's frames to the new layout's.
      const [prev, next] = sharedRows(before, { videos: cand.videos, coords });
      const t = alignTransform(prev, next);
      this.lastShift = t.shift;
      [this.candidate, this.candidateCoords] = await transformLayout(from, cand, coords, t);
    }
    await this.acceptNow();
    await this.dropPlacedLooks();
  }

  /** First-look stores of videos the layout holds itself are no longer read by anything. */
  private async dropPlacedLooks(): Promise<void> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const held = new Set(this.meta?.videos.map((v) => v.id) ?? []);
    for (const v of this.library.videos) {
      if (v.look?.frames && held.has(v.id) && !held.has(lookId(v.id))) await removeVideoFiles(lookId(v.id)).catch(() => undefined);
    }
  }

  /**
   * Trains a layout; the first one becomes current at once, later ones wait to be accepted. An automatic retrain
   * (`refine`) that starts from the current network runs fewer epochs (refineEpochs): it refines, the map is in use.
   */
  async train(first = !this.meta, refine = false): Promise<void> {
    const sound = this.source === 'sound';
    const spec = this.features.spec;
    // a layout of sound learns its rows' length from the search worker that writes them
    const model = sound ? { id: SOUND_MODEL, dim: 0 } : spec && { id: spec.id, dim: spec.featureDim * 2 };
    const name = this.name(first ? 'current' : 'candidate');
    if (!model || !name || this.training) return;
    await this.recover(model.id); // before the mark below: a mark found there is from before this page
    if (this.training) return;
    const withSound = sound ? this.soundVideos() : [];
    let videos = sound ? withSound.map((v) => ({ id: v.id, name: v.name, frames: v.frames, label: v.folder })) : this.trainable();
    // Right after a reload the stored feature counts may not be read yet: read them before saying none exist.
    if (!videos.length && !sound) {
      await this.features.refreshCounts();
      videos = this.trainable();
    }
    if (this.training) return;
    if (!videos.length) {
      this.error = sound ? 'no video has a sound track with sound in it yet' : 'no video has features yet';
      return;
    }
    this.training = true;
    if (sound) {
      // the descriptors, standardised over these videos, written as their `sound` feature stores
      this.stage = 'describing the sound';
      try {
        model.dim = (await this.soundRows.soundFeatures(withSound.map((v) => ({ id: v.id, frames: v.frames, mime: frameMime(v.params) })), (d, t) => (this.stage = `describing the sound ${d}/${t} frames`))).dim;
      } catch (e) {
        this.training = false;
        this.error = AppError.from(e, 'projection').message;
        return;
      }
    }
    const mark: TrainingMark = { settings: { ...this.settings }, first, startedAt: Date.now() };
    await markTraining(name, mark).catch((e: unknown) => console.warn('layout: training not noted', e));
    if (!first) this.interrupted = null;
    this.error = null;
    this.losses = [];
    this.epochs = this.settings.method === 'autoencoder' ? this.settings.epochs : 0;
    try {
      const s = this.settings;
      const meta = await this.client.train(
        {
          name, model: model.id, dim: model.dim, videos, method: s.method, pcaDim: s.pcaDim, epochs: s.epochs, seed: s.seed, codeStd: s.codeStd,
          weights: DEFAULT_AE.weights, warmFrom: this.warmFrom(first), warmEpochs: refine ? refineEpochs(s.epochs) : undefined,
        },
        (e) => {
          if (e.type === 'epoch') {
            this.epochs = e.epochs; // fewer where a warm start refines
            this.losses = [...this.losses, e.loss];
            this.stage = `epoch ${e.epoch}/${e.epochs}`;
          } else if (e.type === 'gpu-lost') {
            this.library.notify(`The GPU was lost while the layout trained (${e.reason}): it goes on from epoch ${e.epoch} on the CPU (${e.backend}); nothing was lost.`, 'info');
          } else this.stage = `${e.stage} ${e.detail}`;
        },
      );
      const coords = (await loadLayout<LayoutMeta>(name))?.coords ?? null;
      this.trainedFrames = meta.frames;
      if (first) {
        this.meta = meta;
        this.coords = coords;
        this.loadedFor = name;
        this.retrainSuggested = false;
        if (this.interrupted?.first) this.interrupted = null; // trained again by itself
      } else {
        this.candidate = meta;
        this.candidateCoords = coords;
      }
    } catch (e) {
      this.error = AppError.from(e, 'projection').toString();
    } finally {
      await clearTrainingMark(name).catch(() => undefined);
      this.training = false;
      this.stage = '';
      this.library.resume(); // a dense pass held for the first map goes on
    }
  }

  /**
   * A retrain starts from the current layout's network (moved onto the new PCA axes by the worker), so the map
   * keeps its shape and only learns from the new frames; a changed seed asks for a fresh layout.
   */
  private warmFrom(first: boolean): string | undefined {
    const meta = this.meta;
    if (first || !meta || meta.method !== 'autoencoder' || this.settings.method !== 'autoencoder' || meta.seed !== this.settings.seed) return undefined;
    return this.name('current') ?? undefined;
  }

  /**
   * Whether an interrupted training can start again now: not while one runs, nor before the feature model is settled
   * (just after a reload), when a training would find nothing to train on and the click would be lost.
   */
  get canRestart(): boolean {
    return !!this.interrupted && !this.training && (this.source === 'sound' || !!this.features.spec);
  }

  /** Starts an interrupted training again, with the settings it had. */
  async restartInterrupted(): Promise<void> {
    const i = this.interrupted;
    if (!i || !this.canRestart) return;
    this.settings = { ...i.settings };
    this.interrupted = null;
    await this.train(i.first && !this.meta);
  }

  dismissInterrupted(): void {
    this.interrupted = null;
  }

  /** Turns the current layout (the reference's optional rotation) and stores it. */
  rotate(degrees: number): Promise<void> {
    return this.exclusive(() => this.rotateNow(degrees));
  }

  private rotateNow(degrees: number): Promise<void> {
    return this.transformNow({ angle: (degrees * Math.PI) / 180, mirror: false });
  }

  /** Mirrors (when asked) and turns the current layout. */
  private async transformNow(t: { angle: number; mirror: boolean }): Promise<void> {
    const name = this.name('current');
    if (!this.meta || !this.coords || !name || !Number.isFinite(t.angle) || (t.angle === 0 && !t.mirror)) return;
    [this.meta, this.coords] = await transformLayout(name, this.meta, this.coords, t);
  }

  stop(): void {
    void this.client.stop();
  }

  accept(): Promise<void> {
    return this.exclusive(() => this.acceptNow());
  }

  private async acceptNow(): Promise<void> {
    const from = this.name('candidate'), to = this.name('current');
    if (!this.candidate || !from || !to) return;
    await promoteLayout(from, to);
    this.meta = { ...this.candidate, name: to };
    this.coords = this.candidateCoords;
    this.candidate = this.candidateCoords = null;
    this.retrainSuggested = false;
  }

  discard(): Promise<void> {
    return this.exclusive(async () => {
      const from = this.name('candidate');
      if (from) await removeLayout(from);
      this.candidate = this.candidateCoords = null;
    });
  }

  /** CSV of the current layout: video, frame, time_s, x, y. */
  async csv(): Promise<string> {
    if (!this.meta || !this.coords) throw new AppError('internal', 'projection', 'no layout yet');
    const times = [];
    for (const v of this.meta.videos) {
      const rec = this.library.videos.find((x) => x.id === v.id);
      times.push(await FrameReader.times(v.id, frameMime(rec?.params), v.frames));
    }
    return layoutCsv(this.meta.videos, times, this.coords);
  }
}
