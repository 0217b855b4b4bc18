// Feature extraction as the UI sees it: which model and backend (and why),
// how many frames of each video have features, and the queue that computes
// them after ingest. Features of other models stay stored when the model changes.
import { AppError, isAbort } from '../core/errors';
import { lookId, lookOwner, type VideoId } from '../core/ids';
import { RateMeter, type ProgressFigures } from '../core/progress';
import { ortThreadCap } from '../core/ortThreadCap';
import {
  chooseBackend, chooseModel, chooseModelFiles, FeaturesClient, ortThreads, userImageModel, type AvailableModel, type Backend, type Choice, type ConvertedModel, type GpuProbe, type ImageModelDescriptor,
  type InspectedModel, type ModelManifest, type ModelRef,
} from '../stages/features';
import { frameMime } from '../stages/ingest';
import { featureCount, listModelFiles, readFeatures, removeFeatureFiles, removeModelFile } from '../storage';
import type { Library } from './library.svelte';
import type { Settings } from './settings.svelte';
import type { VideoRecord } from './videoRecord';

/**
 * The .onnx files present in public/models, from the `installed.json` that the
 * install step (and `npm run model:xception`) writes. Read instead of probing for
 * optional models, which would request a missing file (a 404, a console error) on
 * every load. Without the list (a deploy that lost it), only the bundled models.
 */
async function installedModelFiles(base: string): Promise<Set<string>> {
  const r = await fetch(`${base}installed.json`).catch(() => null);
  // A missing file comes back as the SPA's index.html on many hosts.
  if (!r?.ok || (r.headers.get('content-type') ?? '').includes('text/html')) return new Set();
  const list = (await r.json().catch(() => null)) as { files?: unknown } | null;
  return new Set(Array.isArray(list?.files) ? list.files.filter((f): f is string => typeof f === 'string') : []);
}

/** Frames per inference batch (two crops each). */
const BATCH = 8;
/** Frames a dense pass must have stored without features before they are embedded while it decodes (8 batches). */
const FILL_CHUNK = 64;

export class Features {
  models = $state.raw<AvailableModel[]>([]);
  /** "Load model file": idle | reading | converting | saving | confirm | checking | done | error */
  loadState = $state<{ state: string; message: string }>({ state: 'idle', message: '' });
  /** model files (an ONNX image model, or a CLIP pair) whose descriptor waits to be confirmed (the model dialog) */
  pending = $state.raw<{ files: File[]; label: string; inspected: InspectedModel } | null>(null);
  /** stored metadata of the models the user loaded (converted Xception, ONNX image models) */
  userModels = $state.raw<ConvertedModel[]>([]);
  gpu = $state.raw<GpuProbe | null>(null);
  backend = $state.raw<Choice<Backend> | null>(null);
  model = $state.raw<Choice<string> | null>(null);
  /** frames with features for the current model, per video */
  counts = $state.raw<Record<string, number>>({});
  runningId = $state<VideoId | null>(null);
  progress = $state.raw<ProgressFigures | null>(null);
  /** last fallback or error that is not tied to one video */
  notice = $state<string | null>(null);
  errors = $state.raw<Record<string, string>>({});
  /** a failure of the model itself (not of one video): nothing runs until the settings change */
  blocked = $state<string | null>(null);
  /** told when the queue has nothing left to do */
  onIdle: () => void = () => {};
  /**
   * told when a chunk of a video still decoding has its features, though more follow: the layout places them now.
   * Extraction may run behind the decoder the whole pass (one core left to it), and the queue is then never idle.
   */
  onFilled: () => void = () => {};

  readonly spec = $derived(this.models.find((m) => m.id === this.model?.value) ?? null);
  private readonly client = new FeaturesClient();
  private abort: AbortController | null = null;
  /** the extraction in progress, if any */
  private running: Promise<void> | null = null;
  /** videos whose features are being deleted: nothing is extracted for them meanwhile */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
  private readonly dropping = new Set<VideoId>();

  constructor(
    private readonly library: Library,
    private readonly settings: Settings,
  ) {}

  async init(): Promise<void> {
    await this.loadModelList();
    this.gpu = await this.client.probe().catch(() => ({ adapter: false, fallback: false, description: '' }));
    await this.reconfigure();
  }

  /** Re-decide model and backend from the settings; a changed model restarts the queue. */
  async reconfigure(): Promise<void> {
    if (!this.gpu || !this.models.length) return;
    const { model, backend } = this.settings.features;
    this.backend = chooseBackend(backend, this.gpu);
    const next = chooseModel(model, this.backend, this.gpu, this.models.map((m) => m.id));
    const changed = next.value !== this.model?.value;
    this.model = next;
    void this.settings.rememberModel(next.value);
    this.errors = {};
    this.blocked = null;
    if (changed || this.runningId) this.abort?.abort();
    await this.refreshCounts();
    this.pump();
  }

  /**
   * Bundled models, optional ones whose file was built (npm run model:xception; see installed.json),
   * and models the user converted in the browser (OPFS; they win over a bundled file).
   */
  private async loadModelList(): Promise<void> {
    const base = `${import.meta.env.BASE_URL}models/`;
    const [manifest, installed] = await Promise.all([
      fetch(`${base}models.json`).then((r) => r.json() as Promise<ModelManifest>),
      installedModelFiles(base),
    ]);
    const stored = await listModelFiles<ConvertedModel>().catch(() => []);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const user = new Map(stored.map((m) => [m.id, m]));
    const list: AvailableModel[] = [];
    for (const spec of manifest.models) {
      const converted = user.get(spec.id);
      if (converted) list.push({ ...spec, url: `opfs:${converted.file}`, origin: 'user' });
      else if (!spec.optional || installed.has(spec.file)) {
        const cpuUrl = spec.int8 && installed.has(spec.int8) ? `${base}${spec.int8}` : undefined;
        list.push({ ...spec, url: `${base}${spec.file}`, cpuUrl, origin: 'bundled' });
      }
    }
    for (const m of stored) if (m.image && !manifest.models.some((spec) => spec.id === m.id)) list.push(userImageModel({ ...m, image: m.image }));
    this.models = list;
    this.userModels = stored;
  }

  /**
   * Settings → Models: files dropped or picked. A Keras .h5 is converted (Xception); an ONNX image model, or a CLIP
   * pair (two ONNX towers with tokenizer.json, maybe its config and preprocessor_config.json), is inspected and its
   * descriptor, pre-filled from the graph, waits for the person to confirm it; anything else is refused.
   */
  async addModelFiles(files: readonly File[]): Promise<void> {
    const { onnx, json, h5, ignored } = chooseModelFiles(files);
    const refuse = (message: string) => void (this.loadState = { state: 'error', message });
    if (!onnx.length && !json.length && !h5.length) {
      return refuse(`${ignored.map((f) => f.name).slice(0, 3).join(', ')} ${ignored.length === 1 ? 'is not a model file' : 'are not model files'}: ONNX models (.onnx; a CLIP pair with its tokenizer.json) and Keras Xception weights (.h5) are taken`);
    }
    if (json.length && !onnx.length) {
      const tok = json.find((f) => /tokenizer/i.test(f.name)) ?? json[0]!;
      return refuse(`${tok.name} ${/tokenizer/i.test(tok.name) ? 'is a tokenizer, the text side of a CLIP pair' : 'is a configuration file'}: it needs the pair's ONNX towers (vision and text), dropped with it`);
    }
    if (h5[0]) await this.loadModelFile(h5[0]);
    if (!onnx.length) return;
    const modelFiles = [...onnx, ...json];
    const label = onnx.map((f) => f.name).join(' + ');
    this.loadState = { state: 'reading', message: `Reading ${label}…` };
    try {
      this.pending = { files: modelFiles, label, inspected: await this.client.inspectModel(modelFiles) };
      this.loadState = { state: 'confirm', message: `${label}: check how it takes its input, then add it` };
    } catch (e) {
      this.pending = null;
      refuse(AppError.from(e, 'features').message);
    }
  }

  /** Checks the pending ONNX model with the confirmed descriptor (a test inference), stores it and lists it. */
  async confirmModel(name: string, descriptor: ImageModelDescriptor): Promise<void> {
    const p = this.pending;
    if (!p) return;
    this.loadState = { state: 'checking', message: `Checking ${p.label}…` };
    try {
      const m = await this.client.installModel(p.files, name, descriptor);
      this.pending = null;
      await this.loadModelList();
      const words = m.text ? '; with it the layout can be searched by words' : '';
      this.loadState = { state: 'done', message: `${m.image?.name ?? m.id} is ready (${m.featureDim * 2}-d per frame): choose it as the model above${words}` };
    } catch (e) {
      // the dialog stays open: the person can change what was refused
      this.loadState = { state: 'error', message: AppError.from(e, 'features').message };
    }
  }

  cancelModel(): void {
    this.pending = null;
    this.loadState = { state: 'idle', message: '' };
  }

  /** Removes a model the user loaded, with every video's features from it; a selected one gives way to Auto. */
  async removeModel(id: string): Promise<void> {
    const meta = this.userModels.find((m) => m.id === id);
    if (!meta) return;
    if (this.model?.value === id) {
      this.abort?.abort();
      await this.running;
    }
    for (const v of this.library.videos) {
      for (const vid of [v.id, lookId(v.id)]) await removeFeatureFiles(vid, id).catch((e: unknown) => console.warn(`features: could not delete ${id}'s features of ${vid}`, e));
    }
    await removeModelFile(meta.file, meta.text ? [meta.text.file, meta.text.tokenizer, ...(meta.text.tokenizerConfig ? [meta.text.tokenizerConfig] : [])] : []);
    if (this.settings.features.model === id) await this.settings.saveFeatures({ ...this.settings.features, model: 'auto' });
    await this.loadModelList();
    this.loadState = { state: 'done', message: `${this.modelName(meta)} and its features were removed` };
    await this.reconfigure();
  }

  modelName(m: ConvertedModel): string {
    return m.image?.name ?? this.models.find((x) => x.id === m.id)?.name ?? m.id;
  }

  /** Converts a Keras .h5 (Xception's ImageNet weights) in the worker and makes it selectable. */
  async loadModelFile(file: File): Promise<void> {
    this.loadState = { state: 'reading', message: `Reading ${file.name}…` };
    try {
      const m = await this.client.convert(file, (stage) => (this.loadState = { state: stage, message: `${stage[0]!.toUpperCase()}${stage.slice(1)} ${file.name}…` }));
      await this.loadModelList();
      this.loadState = { state: 'done', message: `${file.name} converted: Xception (${(m.bytes / 1e6).toFixed(0)} MB, ${m.featureDim * 2}-d per frame) is now available` };
      await this.reconfigure();
    } catch (e) {
      this.loadState = { state: 'error', message: AppError.from(e, 'features').message };
    }
  }

  modelRef(spec: AvailableModel): ModelRef {
    return { id: spec.id, url: spec.url, cpuUrl: spec.cpuUrl, inputSize: spec.inputSize, featureDim: spec.featureDim, descriptor: spec.imageDescriptor, text: spec.text };
  }

  /** Stored feature vectors of a video for the current model (count × 2·dim). */
  read(v: VideoRecord, modelId = this.model?.value): Promise<{ count: number; data: Float32Array }> {
    const spec = this.models.find((m) => m.id === modelId);
    if (!spec) return Promise.resolve({ count: 0, data: new Float32Array(0) });
    return readFeatures(v.id, spec.id, spec.featureDim * 2);
  }

  async refreshCounts(): Promise<void> {
    const spec = this.spec;
    if (!spec) return;
    const counts: Record<string, number> = {};
    for (const v of this.library.videos) {
      counts[v.id] = await featureCount(v.id, spec.id, spec.featureDim * 2);
      if (v.look?.frames) counts[lookId(v.id)] = await featureCount(lookId(v.id), spec.id, spec.featureDim * 2);
    }
    this.counts = counts;
  }

  /** Try a video again after a failure (e.g. after switching backend). */
  retry(id: VideoId): void {
    const { [id]: _gone, ...rest } = this.errors;
    this.errors = rest;
    this.pump();
  }

  /** Called when a video is removed: stop working on it. */
  forget(id: VideoId): void {
    if (this.runningId === id || this.runningId === lookId(id)) this.abort?.abort();
  }

  /** Pauses or resumes extraction; a run in progress stops, and resumes at its first missing frame. */
  async setPaused(paused: boolean): Promise<void> {
    await this.settings.saveFeatures({ ...this.settings.features, paused });
    if (paused) this.abort?.abort();
    else this.pump();
  }

  get paused(): boolean {
    return !!this.settings.features.paused;
  }

  pump(): void {
    if (this.runningId || !this.spec || !this.backend || this.blocked) return;
    if (this.paused) {
      this.onIdle(); // nothing more runs: the layout shown is what exists
      return;
    }
    // First looks go first: they are what the first map is made of. Then videos whose frames are all there (they
    // can be placed), then the frames a dense pass has stored so far, a chunk at a time, while it goes on.
    const videos = this.library.videos;
    const look = videos.find((v) => this.lookPending(v));
    const next = videos.find((v) => this.missing(v, true) > 0) ?? videos.find((v) => this.missing(v, false) >= FILL_CHUNK);
    if (look) this.running = this.run({ id: lookId(look.id), params: look.params }, this.spec, this.backend.value);
    else if (next) this.running = this.run(next, this.spec, this.backend.value);
    else this.onIdle();
  }

  /** Stored frames of a video without features yet: of a complete video, or (`complete` false) of one still decoding. */
  private missing(v: VideoRecord, complete: boolean): number {
    if (this.errors[v.id] || this.dropping.has(v.id)) return 0;
    const ok = complete ? v.status === 'done' || v.status === 'partial' : v.status === 'decoding';
    return ok ? v.frames - (this.counts[v.id] ?? 0) : 0;
  }

  /**
   * A video's frames were thrown away and are decoded again (a restart, ffmpeg.wasm starting over): the features
   * made from them go too, after a run on them has stopped, and the new frames are embedded afresh.
   */
  async drop(id: VideoId): Promise<void> {
    this.dropping.add(id);
    try {
      if (this.runningId === id) {
        this.abort?.abort();
        await this.running;
      }
      await removeFeatureFiles(id).catch((e: unknown) => console.warn(`features: could not delete the features of ${id}`, e));
      this.counts = { ...this.counts, [id]: 0 };
    } finally {
      this.dropping.delete(id);
      this.pump();
    }
  }

  /** Whether a video's first-look frames still need features (not once its own frames all have them). */
  lookPending(v: VideoRecord): boolean {
    const own = (v.status === 'done' || v.status === 'partial') && (this.counts[v.id] ?? 0) >= v.frames;
    const id = lookId(v.id);
    return !!v.look && v.look.state !== 'decoding' && !own && (this.counts[id] ?? 0) < v.look.frames && !this.errors[id];
  }

  /** A pack that no longer grows: a look that is over, a video done decoding. */
  private complete(id: VideoId): boolean {
    const owner = lookOwner(id);
    const rec = this.library.videos.find((x) => x.id === (owner ?? id));
    return owner ? rec?.look?.state !== 'decoding' : rec?.status === 'done' || rec?.status === 'partial';
  }

  /** onnxruntime-web's threads for an extraction of `id` (a video or a look): one core is left to a dense pass decoding. */
  private threadsFor(id: VideoId): number {
    const owner = lookOwner(id);
    const rec = this.library.videos.find((x) => x.id === (owner ?? id));
    const frames = (owner ? (rec?.look?.frames ?? 0) : (rec?.frames ?? 0)) - (this.counts[id] ?? 0);
    const decoding = this.library.videos.some((x) => x.status === 'decoding');
    return ortThreads({ max: ortThreadCap(), decoding, current: this.client.threadCount, frames });
  }

  /** `v`: a video, or a video's first look (its `~look` id) */
  private async run(v: Pick<VideoRecord, 'id' | 'params'>, spec: AvailableModel, backend: Backend): Promise<void> {
    this.runningId = v.id;
    performance.mark('features-run', { detail: v.id }); // counted by tests, like ingest-run
    const abort = (this.abort = new AbortController());
    const complete = this.complete(v.id);
    const filling = !lookOwner(v.id) && !complete;
    const meter = new RateMeter();
    this.progress = null;
    if (backend === 'wasm') this.client.useThreads(this.threadsFor(v.id));
    try {
      await this.client.extract(
        { videoId: v.id, mime: frameMime(v.params), model: this.modelRef(spec), backend, batch: BATCH, complete },
        (e) => {
          if (e.type === 'progress') {
            this.counts = { ...this.counts, [v.id]: e.done };
            this.progress = meter.sample(e.done, e.total, performance.now());
          } else if (e.type === 'fallback') {
            this.notice = e.reason;
            this.backend = { value: 'wasm', reason: e.reason };
          }
        },
        abort.signal,
      );
    } catch (e) {
      const err = AppError.from(e, 'features');
      if (isAbort(e)) {
        // cancelled: the model changed or the video was removed
      } else if (err.code === 'model-load') {
        this.blocked = this.notice = `${err.message}. Choose another model or backend in Settings.`;
      } else {
        this.errors = { ...this.errors, [v.id]: err.toString() };
      }
    } finally {
      this.runningId = null;
      this.progress = null;
      this.abort = null;
      if (this.library.videos.some((x) => x.id === (lookOwner(v.id) ?? v.id))) await this.refreshCounts();
      if (filling && !abort.signal.aborted) this.onFilled();
      this.pump();
    }
  }
}
