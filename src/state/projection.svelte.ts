// The 2-D layout as the UI sees it: trained automatically once every video has
// features and none exists, retrained on demand (the current layout stays
// until the new one is accepted), new videos placed by the trained encoder.
import { AppError } from '../core/errors';
import { ProjectionClient, DEFAULT_AE, layoutCsv, rotatePoints, type LayoutMeta, type LayoutMethod, type LossParts } from '../stages/projection';
import { frameMime } from '../stages/ingest';
import { clearTrainingMark, finishPromotion, FrameReader, loadLayout, markTraining, promoteLayout, readTrainingMark, removeLayout, saveLayout } from '../storage';
import type { Features } from './features.svelte';
import type { Library } from './library.svelte';

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

/** A stored layout, its coordinates cut to the frames its description lists (a reload can leave more behind). */
async function openLayout(name: string): Promise<{ meta: LayoutMeta; coords: Float32Array } | null> {
  const found = await loadLayout<LayoutMeta>(name);
  if (!found) return null;
  const { meta, coords } = found;
  return { meta, coords: coords.length > 2 * meta.frames ? coords.slice(0, 2 * meta.frames) : coords };
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
  /** videos with features that the current layout does not hold yet were placed by the encoder */
  retrainSuggested = $state(false);
  /** a training that a reload cut off, until it is started again or dismissed */
  interrupted = $state.raw<InterruptedTraining | null>(null);

  readonly status = $derived(this.training ? 'training' : this.meta ? 'ready' : 'none');
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

  private name(kind: 'current' | 'candidate'): string | null {
    const m = this.features.model?.value;
    return m ? `${kind}-${m}` : null;
  }

  /** Videos whose features are complete for the current model. */
  private ready() {
    return this.library.videos
      .filter((v) => (v.status === 'done' || v.status === 'partial') && v.frames > 0 && (this.features.counts[v.id] ?? 0) >= v.frames)
      .map((v) => ({ id: v.id, name: v.name, frames: v.frames, label: v.folder }));
  }

  /** Why a first layout cannot be trained yet (the button says so), or null when some video has all its features. */
  get trainBlocker(): string | null {
    if (this.meta || this.ready().length) return null;
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
  async preload(model: string | null): Promise<void> {
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
      return this.syncNow();
    });
    return this.syncQueued;
  }

  private async syncNow(): Promise<void> {
    const name = this.name('current');
    const model = this.features.model?.value;
    if (!name || !model || this.training) return;
    await this.recover(model);
    if (this.loadedFor !== name) {
      const found = await openLayout(name);
      this.meta = found?.meta ?? null;
      this.coords = found?.coords ?? null;
      this.loadedFor = name;
      performance.mark('layout-loaded');
    }
    const ready = this.ready();
    const pending = this.features.runningId !== null || this.library.summary.active > 0;
    if (!this.meta) {
      if (ready.length && !pending) await this.train(true);
      return;
    }
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const known = new Set(this.meta.videos.map((v) => v.id));
    const fresh = ready.filter((v) => !known.has(v.id));
    if (fresh.length && this.meta.method !== 'umap') {
      try {
        const meta = await this.client.place({ name, videos: fresh });
        this.coords = (await openLayout(name))?.coords ?? this.coords;
        this.meta = meta;
        this.retrainSuggested = true;
      } catch (e) {
        this.error = AppError.from(e, 'projection').message;
      }
    } else if (fresh.length) this.retrainSuggested = true;
  }

  /** Trains a layout; the first one becomes current at once, later ones wait to be accepted. */
  async train(first = !this.meta): Promise<void> {
    const model = this.features.spec;
    const name = this.name(first ? 'current' : 'candidate');
    if (!model || !name || this.training) return;
    await this.recover(model.id); // before the mark below: a mark found there is from before this page
    if (this.training) return;
    // Right after a reload the stored feature counts may not be read yet: read them before saying none exist.
    let videos = this.ready();
    if (!videos.length) {
      await this.features.refreshCounts();
      videos = this.ready();
    }
    if (this.training) return;
    if (!videos.length) {
      this.error = 'no video has features yet';
      return;
    }
    this.training = true;
    const mark: TrainingMark = { settings: { ...this.settings }, first, startedAt: Date.now() };
    await markTraining(name, mark).catch((e: unknown) => console.warn('layout: training not noted', e));
    if (!first) this.interrupted = null;
    this.error = null;
    this.losses = [];
    this.epochs = this.settings.method === 'autoencoder' ? this.settings.epochs : 0;
    try {
      const s = this.settings;
      const meta = await this.client.train(
        { name, model: model.id, dim: model.featureDim * 2, videos, method: s.method, pcaDim: s.pcaDim, epochs: s.epochs, seed: s.seed, codeStd: s.codeStd, weights: DEFAULT_AE.weights },
        (e) => {
          if (e.type === 'epoch') {
            this.losses = [...this.losses, e.loss];
            this.stage = `epoch ${e.epoch}/${e.epochs}`;
          } else this.stage = `${e.stage} ${e.detail}`;
        },
      );
      const coords = (await loadLayout<LayoutMeta>(name))?.coords ?? null;
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
    }
  }

  /** Starts an interrupted training again, with the settings it had. */
  async restartInterrupted(): Promise<void> {
    const i = this.interrupted;
    if (!i || this.training) return;
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

  private async rotateNow(degrees: number): Promise<void> {
    const name = this.name('current');
    if (!this.meta || !this.coords || !name || !Number.isFinite(degrees) || degrees === 0) return;
    const rad = (degrees * Math.PI) / 180;
    const coords = rotatePoints(this.coords, rad);
    const meta: LayoutMeta = { ...this.meta, stretch: this.meta.stretch ? { ...this.meta.stretch, angle: this.meta.stretch.angle + rad } : null };
    await saveLayout(name, meta, coords, null); // the PCA/encoder file stays as it is
    this.meta = meta;
    this.coords = coords;
  }

  stop(): void {
    void this.client.stop();
  }

  accept(): Promise<void> {
    return this.exclusive(async () => {
      const from = this.name('candidate'), to = this.name('current');
      if (!this.candidate || !from || !to) return;
      await promoteLayout(from, to);
      this.meta = { ...this.candidate, name: to };
      this.coords = this.candidateCoords;
      this.candidate = this.candidateCoords = null;
      this.retrainSuggested = false;
    });
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
      const r = await FrameReader.open(v.id, frameMime(rec?.params));
      times.push(Float64Array.from({ length: v.frames }, (_, i) => (i < r.count ? r.time(i) : NaN)));
    }
    return layoutCsv(this.meta.videos, times, this.coords);
  }
}
