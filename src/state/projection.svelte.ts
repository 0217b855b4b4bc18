// The 2-D layout as the UI sees it: trained automatically once every video has
// features and none exists, retrained on demand (the current layout stays
// until the new one is accepted), new videos placed by the trained encoder.
import { AppError } from '../core/errors';
import { ProjectionClient, DEFAULT_AE, layoutCsv, rotatePoints, type BenchRequest, type BenchResult, type LayoutMeta, type LayoutMethod, type LossParts } from '../stages/projection';
import { MIME } from '../stages/ingest';
import { FrameReader, loadLayout, promoteLayout, removeLayout, saveLayout } from '../storage';
import type { Features } from './features.svelte';
import type { Library } from './library.svelte';

export interface LayoutSettings {
  method: LayoutMethod;
  epochs: number;
  pcaDim: number;
  seed: number;
  codeStd: number;
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

  readonly status = $derived(this.training ? 'training' : this.meta ? 'ready' : 'none');
  private readonly client = new ProjectionClient();
  private loadedFor: string | null = null;

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

  /** Opens the stored layout of a model at startup, before the feature model is settled (a guess; sync corrects it). */
  async preload(model: string | null): Promise<void> {
    if (!model || this.loadedFor) return;
    const name = `current-${model}`;
    const found = await loadLayout<LayoutMeta>(name);
    if (this.loadedFor) return; // sync got there first
    this.meta = found?.meta ?? null;
    this.coords = found?.coords ?? null;
    this.loadedFor = name;
    performance.mark('layout-loaded');
  }

  /** Called whenever the features queue goes idle. */
  async sync(): Promise<void> {
    const name = this.name('current');
    if (!name || this.training) return;
    if (this.loadedFor !== name) {
      const found = await loadLayout<LayoutMeta>(name);
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
        this.meta = await this.client.place({ name, videos: fresh });
        this.coords = (await loadLayout<LayoutMeta>(name))?.coords ?? this.coords;
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
    const videos = this.ready();
    if (!videos.length) {
      this.error = 'no video has features yet';
      return;
    }
    this.training = true;
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
      } else {
        this.candidate = meta;
        this.candidateCoords = coords;
      }
    } catch (e) {
      this.error = AppError.from(e, 'projection').toString();
    } finally {
      this.training = false;
      this.stage = '';
    }
  }

  /** Synthetic benchmark (npm run bench:projection); progress goes to the stage line. */
  bench(req: BenchRequest): Promise<BenchResult> {
    return this.client.bench(req, (e) => (this.stage = e.type === 'epoch' ? `bench epoch ${e.epoch}` : `bench ${e.stage} ${e.detail}`));
  }

  /** Turns the current layout (the reference's optional rotation) and stores it. */
  async rotate(degrees: number): Promise<void> {
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

  async accept(): Promise<void> {
    const from = this.name('candidate'), to = this.name('current');
    if (!this.candidate || !from || !to) return;
    await promoteLayout(from, to);
    this.meta = { ...this.candidate, name: to };
    this.coords = this.candidateCoords;
    this.candidate = this.candidateCoords = null;
    this.retrainSuggested = false;
  }

  async discard(): Promise<void> {
    const from = this.name('candidate');
    if (from) await removeLayout(from);
    this.candidate = this.candidateCoords = null;
  }

  /** CSV of the current layout: video, frame, time_s, x, y. */
  async csv(): Promise<string> {
    if (!this.meta || !this.coords) throw new AppError('internal', 'projection', 'no layout yet');
    const times = [];
    for (const v of this.meta.videos) {
      const rec = this.library.videos.find((x) => x.id === v.id);
      const r = await FrameReader.open(v.id, MIME[rec?.params.format ?? 'webp']);
      times.push(Float64Array.from({ length: v.frames }, (_, i) => (i < r.count ? r.time(i) : NaN)));
    }
    return layoutCsv(this.meta.videos, times, this.coords);
  }
}
