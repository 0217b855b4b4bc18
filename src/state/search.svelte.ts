// Search as the UI sees it: the index (the current layout's PCA features, opened
// in the search worker when first needed and again when the layout changes),
// "which video is this clip from?", similar frames (from a frame or a dropped
// image), similar videos, keyframe summaries and colour similarity. Query clips
// and images are decoded and embedded in workers of their own and never enter
// the library.
import { lookOwner } from '../core/ids';
import { AppError, isAbort } from '../core/errors';
import { thinIndices } from '../core/thin';
import { FeaturesClient } from '../stages/features';
import { frameMime, IngestClient, MIME } from '../stages/ingest';
import { pathDistance, thinPath } from '../stages/map';
import {
  clipFps, CLIP_MAX_FRAMES, CLIP_MAX_SECONDS, SearchClient, SOUND_MODEL, type Hit, type IndexInfo, type SoundState,
} from '../stages/search';
import type { Atlas, MapFrame } from './atlas.svelte';
import type { Features } from './features.svelte';
import type { Projection } from './projection.svelte';

export type QueryState = 'idle' | 'running' | 'done' | 'error';

export interface ClipResult {
  frame: MapFrame;
  /** seconds into the source video where the clip starts */
  offset: number;
  score: number;
}

export interface FrameResult {
  frame: MapFrame;
  score: number;
}

export interface VideoResult {
  video: number;
  name: string;
  set: number;
  sequence: number;
  /** mean distance between the two paths on the map (layout units) */
  path: number;
  /** set similarity of the two videos' sound descriptors; null when either has no sound track */
  sound: number | null;
  soundSequence: number | null;
}

export type VideoMeasure = 'set' | 'sequence' | 'path' | 'sound' | 'combined';

/** How a result ranks under a measure (higher is nearer); null: it cannot be ranked by it (no sound). */
export function measureScore(r: VideoResult, by: VideoMeasure, soundWeight: number): number | null {
  if (by === 'path') return -r.path;
  if (by === 'sound') return r.sound;
  // no sound on either side: nothing sounds alike (0, as unrelated sounds score), so silence never outranks a match
  if (by === 'combined') return (1 - soundWeight) * r.set + soundWeight * (r.sound ?? 0);
  return r[by];
}

/** Frames per inference batch for query images. */
const BATCH = 8;
/** The query workers (decoding, embedding) end after this long unused. */
const QUERY_WORKER_IDLE_MS = 10_000;

/** Rows in both sets (either absent: the other). */
function intersectRows(a: Int32Array | null, b: Int32Array | null): Int32Array | null {
  if (!a || !b) return a ?? b;
  const inB = new Set(b);
  return a.filter((r) => inB.has(r));
}

export class Search {
  info = $state.raw<IndexInfo | null>(null);
  indexError = $state<string | null>(null);

  clip = $state<{ state: QueryState; message: string; name: string | null; results: ClipResult[]; margin: number | null }>({ state: 'idle', message: '', name: null, results: [], margin: null });

  frames = $state.raw<{ state: QueryState; label: string; message: string; results: FrameResult[] }>({ state: 'idle', label: '', message: '', results: [] });

  video = $state<number | null>(null);
  measure = $state<VideoMeasure>('set');
  /** the weight of sound in the combined measure (0 = appearance only, 1 = sound only) */
  soundWeight = $state(0.5);
  /** each indexed video's sound, once loaded (by position in the layout) */
  soundStates = $state.raw<SoundState[] | null>(null);
  soundStatus = $state.raw<{ state: QueryState; message: string }>({ state: 'idle', message: '' });
  similar = $state.raw<{ state: QueryState; message: string; results: VideoResult[] }>({ state: 'idle', message: '', results: [] });
  keyframeCount = $state(10);
  keyframes = $state.raw<{ state: QueryState; message: string; frames: MapFrame[] }>({ state: 'idle', message: '', frames: [] });

  colours = $state.raw<{ state: QueryState; message: string; done: number; total: number }>({ state: 'idle', message: '', done: 0, total: 0 });
  colourFrames = $state.raw<FrameResult[]>([]);
  colourVideos = $state.raw<{ video: number; name: string; distance: number }[]>([]);

  /** only frames holding this object class (ObjectSearch sets it): similar frames, images and words are limited to them */
  objectFilter = $state.raw<{ label: string; rows: Int32Array } | null>(null);

  /** search by words (a layout of a CLIP pair's features) */
  text = $state.raw<{ state: QueryState; query: string; message: string; results: (FrameResult & { time: number })[]; videos: { video: number; name: string; score: number; frame: MapFrame | null }[] }>(
    { state: 'idle', query: '', message: '', results: [], videos: [] },
  );

  /** The layout's model has a text tower (a CLIP pair): its frames can be searched by words. */
  get canSearchWords(): boolean {
    return !!this.features.models.find((m) => m.id === this.projection.meta?.model)?.text;
  }

  readonly rankedVideos = $derived.by(() => {
    const score = (r: VideoResult) => measureScore(r, this.measure, this.soundWeight) ?? -Infinity;
    return [...this.similar.results].sort((a, b) => score(b) - score(a));
  });

  private readonly client = new SearchClient();
  // A query's own ffmpeg core and model session: given back when unused for a while, loaded again for the next query.
  private readonly ingest = new IngestClient({ idleMs: QUERY_WORKER_IDLE_MS });
  private readonly embedder = new FeaturesClient({ idleMs: QUERY_WORKER_IDLE_MS });
  private opened: { key: string; info: Promise<IndexInfo> } | null = null;
  /** a video's sound was read since the index loaded its sound rows */
  private soundStale = true;
  private clipAbort: AbortController | null = null;

  constructor(
    private readonly atlas: Atlas,
    private readonly projection: Projection,
    private readonly features: Features,
  ) {}

  /** The index of the current layout, opened once per layout. */
  private ensureOpen(): Promise<IndexInfo> {
    const meta = this.projection.meta;
    const key = this.atlas.layoutKey;
    if (!meta || !key) return Promise.reject(new AppError('no-index', 'search', 'there is no layout to search yet'));
    if (this.opened?.key === key) return this.opened.info;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
    const records = new Map(this.atlasRecords().map((r) => [r.id, r]));
    const info = this.client.open({
      layout: meta.name,
      videos: meta.videos.map((v) => ({ id: v.id, frames: v.frames, mime: frameMime(records.get(lookOwner(v.id) ?? v.id)?.params) })),
      backend: 'auto',
    });
    this.opened = { key, info };
    info.then(
      (i) => {
        this.info = i;
        this.indexError = null;
      },
      (e: unknown) => {
        this.opened = null;
        this.indexError = AppError.from(e, 'search').message;
      },
    );
    this.resetResults();
    return info;
  }

  private atlasRecords() {
    return (this.atlas.data?.videos ?? []).flatMap((v) => (v.record ? [v.record] : []));
  }

  private resetResults(): void {
    this.atlas.selection.hits = []; // rows of another layout
    this.colours = { state: 'idle', message: '', done: 0, total: 0 };
    this.colourFrames = [];
    this.colourVideos = [];
    this.soundStale = true;
    this.soundStates = null;
  }

  /** A video's sound has been read: the next sound query loads the sound rows again. */
  soundChanged(): void {
    this.soundStale = true;
  }

  /** Sound descriptors of every indexed frame (computed once per video from its stored sound, then stored). */
  private async loadSound(): Promise<SoundState[]> {
    await this.ensureOpen();
    if (!this.soundStale && this.soundStates) return this.soundStates;
    this.soundStatus = { state: 'running', message: 'Reading the sound…' };
    try {
      const fresh = this.soundStale;
      this.soundStale = false;
      const { videos, ms } = await this.client.sound(fresh, (done, total) => (this.soundStatus = { state: 'running', message: `Describing the sound: ${done}/${total} frames…` }));
      this.soundStates = videos;
      // a video and its first look are one video
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local count
      const count = (s: SoundState) => new Set(this.atlas.data?.videos.flatMap((v, k) => (videos[k] === s ? [lookOwner(v.id) ?? v.id] : [])) ?? []).size;
      const [sound, silent, none] = [count('sound'), count('silent'), count('none')];
      this.soundStatus = { state: 'done', message: `Sound: ${sound} with sound${silent ? `, ${silent} silent` : ''}${none ? `, ${none} without a sound track` : ''} (${ms.toFixed(0)} ms)` };
      return videos;
    } catch (e) {
      this.soundStale = true;
      this.soundStatus = { state: 'error', message: AppError.from(e, 'search').message };
      throw e;
    }
  }

  /** Frames whose second of sound is most like this frame's. */
  async soundsLike(f: MapFrame, k = 24): Promise<void> {
    this.frames = { state: 'running', label: `sounds like ${f.name} · frame ${f.frame}`, message: 'Listening…', results: [] };
    try {
      const states = await this.loadSound();
      if (states[f.video] !== 'sound') throw new AppError('no-index', 'search', `${f.name} ${states[f.video] === 'silent' ? 'is silent' : 'has no sound track'}: there is no sound to compare`);
      const { hits, ms } = await this.client.soundKnn(f.row, k);
      this.frames = { ...this.frames, state: 'done', message: `${hits.length} frames that sound most alike in ${ms.toFixed(1)} ms`, results: this.frameResults(hits) };
    } catch (e) {
      this.frames = { ...this.frames, state: 'error', message: AppError.from(e, 'search').message };
    }
  }

  private frameResults(hits: Hit[]): FrameResult[] {
    return hits.flatMap((h) => {
      const frame = this.atlas.frame(h.row);
      return frame ? [{ frame, score: h.score }] : [];
    });
  }

  /** The feature model of the layout, as the embedding worker needs it. */
  private layoutModel() {
    const meta = this.projection.meta!;
    const spec = this.features.models.find((m) => m.id === meta.model);
    if (meta.model === SOUND_MODEL) throw new AppError('no-index', 'search', 'this layout is made of sound: search by image or clip needs a layout by appearance (Layout → Options)');
    if (!spec) throw new AppError('model-load', 'search', `the layout was made with the model "${meta.model}", which is not available now`);
    const backend = this.features.backend?.value ?? 'wasm';
    return { model: this.features.modelRef(spec), backend };
  }

  private async embed(images: Blob[], onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<Float32Array[]> {
    const { model, backend } = this.layoutModel();
    return (await this.embedder.embedImages({ images, model, backend, batch: BATCH }, onProgress, signal)).vectors;
  }

  /** Finds the video a short clip comes from and where; the clip is not stored. */
  async findClip(file: File): Promise<void> {
    this.clipAbort?.abort();
    const abort = new AbortController();
    this.clipAbort = abort;
    const set = (state: QueryState, message: string, results: ClipResult[] = [], margin: number | null = null) => {
      if (this.clipAbort === abort) this.clip = { state, message, name: file.name, results, margin };
    };
    set('running', `Reading ${file.name}…`);
    try {
      const info = await this.ensureOpen();
      if (!info.canEmbed) throw new AppError('no-index', 'search', 'this layout (UMAP) cannot place outside frames: retrain it with the autoencoder or PCA to search by clip');
      const fps = clipFps(info.step);
      const decoded = await this.ingest.clip(
        { file, params: { sampling: { mode: 'fps', fps }, height: 300, format: 'jpeg', quality: 90 }, maxSeconds: CLIP_MAX_SECONDS },
        (e) => e.type === 'frames' && set('running', `Decoding ${file.name}: ${e.frames} frames…`),
        abort.signal,
      );
      if (decoded.images.length < 2) throw new AppError('decode-failed', 'search', `${file.name} gave ${decoded.images.length} frame; a clip needs at least 1 s of video`);
      const keep = thinIndices(decoded.images.length, CLIP_MAX_FRAMES);
      const images = keep.map((i) => new Blob([decoded.images[i]!], { type: MIME.jpeg }));
      const times = keep.map((i) => decoded.times[i]! - decoded.times[0]!);
      const vectors = await this.embed(images, (d, t) => set('running', `Embedding ${file.name}: ${d}/${t} frames…`), abort.signal);
      set('running', 'Matching…');
      const { matches, ms } = await this.client.clip({ vectors, times, top: 5 });
      const results = matches.flatMap((m) => {
        const frame = this.atlas.frame(m.row);
        return frame ? [{ frame, offset: m.offset, score: m.score }] : [];
      });
      const margin = results.length > 1 ? results[0]!.score - (results.find((r) => r.frame.video !== results[0]!.frame.video)?.score ?? results[1]!.score) : null;
      const long = (decoded.probe.duration ?? 0) > CLIP_MAX_SECONDS + 0.5 ? ` (only its first ${CLIP_MAX_SECONDS} s were used)` : '';
      const partial = decoded.status === 'partial' ? ` (${decoded.reason})` : '';
      set('done', results.length ? `${images.length} frames of ${file.name} matched in ${ms.toFixed(0)} ms${long}${partial}` : `No stored video matches ${file.name}`, results, margin);
    } catch (e) {
      if (isAbort(e) || abort.signal.aborted) return set('idle', 'Cancelled');
      set('error', AppError.from(e, 'search').message);
    }
  }

  cancelClip(): void {
    this.clipAbort?.abort();
  }

  /**
   * Frames (and videos) ranked by how well they answer a text query: the CLIP pair's text tower embeds it, the
   * search worker scores every frame of the layout in the pair's space. Limited to the videos the legend shows,
   * a time range (seconds into each video) and a group when asked; the hits are outlined on the map.
   */
  async searchWords(query: string, filter: { from?: number | null; to?: number | null; rows?: Int32Array | null } = {}, k = 48): Promise<void> {
    const q = query.trim();
    if (!q) return;
    const set = (state: QueryState, message: string, results: typeof this.text.results = [], videos: typeof this.text.videos = []) => {
      if (this.text.query === q) this.text = { state, query: q, message, results, videos };
    };
    this.text = { state: 'running', query: q, message: `Embedding “${q}”…`, results: [], videos: [] };
    this.atlas.selection.hits = [];
    try {
      await this.ensureOpen();
      const meta = this.projection.meta!;
      const spec = this.features.models.find((m) => m.id === meta.model);
      if (!spec?.text) throw new AppError('no-index', 'search', `this layout's model (${spec?.name ?? meta.model}) has no text tower: search by words needs a CLIP pair (Settings → Models) and a layout of its features`);
      const { vector, tokens } = await this.embedder.embedText(this.features.modelRef(spec), q);
      const d = this.atlas.data!;
      const videos = d.videos.flatMap((_, i) => (d.videoShown(i) ? [i] : []));
      const rows = intersectRows(filter.rows ?? null, this.objectFilter?.rows ?? null);
      const r = await this.client.text(
        { model: meta.model, dim: meta.dim, vector, k, videos, from: filter.from ?? undefined, to: filter.to ?? undefined, rows: rows ?? undefined },
        (done, total) => set('running', `Reading the frames' embeddings: ${done}/${total}…`),
      );
      const results = r.hits.flatMap((h) => {
        const frame = this.atlas.frame(h.row);
        return frame ? [{ frame, score: h.score, time: h.time }] : [];
      });
      const named = r.videos.map((v) => ({ video: v.video, name: d.videos[v.video]?.name ?? '?', score: v.score, frame: this.atlas.frame(v.row) ?? null }));
      const top = results[0]?.score ?? 0, low = results.at(-1)?.score ?? 0;
      if (this.text.query === q) this.atlas.selection.hits = results.map((x) => ({ row: x.frame.row, weight: top > low ? (x.score - low) / (top - low) : 1 }));
      set('done', `${results.length} of ${r.frames} frames for “${q}” (${tokens} tokens) in ${r.ms.toFixed(0)} ms`, results, named);
    } catch (e) {
      set('error', AppError.from(e, 'search').message);
    }
  }

  clearWords(): void {
    this.text = { state: 'idle', query: '', message: '', results: [], videos: [] };
    this.atlas.selection.hits = [];
  }

  /** Jumps to a result: the map centres on that moment's frame and the inspector opens it. */
  show(frame: MapFrame): void {
    this.atlas.locate(frame.row);
    this.atlas.selection.inspect(frame);
  }

  /** Index rows (unit length) of these layout rows, as the search compares them: a published atlas's own index. */
  async unitRows(rows: Int32Array): Promise<{ dim: number; values: Float32Array }> {
    await this.ensureOpen();
    return this.client.unitRows(rows);
  }

  /** The k frames of the map nearest to one of its frames in the search index (cosine over the layout's PCA features). */
  async neighbours(f: MapFrame, k: number): Promise<FrameResult[]> {
    await this.ensureOpen();
    return this.frameResults((await this.client.knn({ row: f.row, k })).hits);
  }

  async similarToFrame(f: MapFrame, k = 24): Promise<void> {
    this.frames = { state: 'running', label: `${f.name} · frame ${f.frame}`, message: 'Searching…', results: [] };
    try {
      await this.ensureOpen();
      const only = this.objectFilter;
      const { hits, ms } = await this.client.knn({ row: f.row, k, rows: only?.rows });
      const among = only ? `${only.rows.length} frames with ${only.label}` : `${this.info?.frames ?? 0} frames`;
      this.frames = { ...this.frames, state: 'done', message: `${hits.length} nearest of ${among} in ${ms.toFixed(1)} ms (${only ? 'CPU' : this.info?.backend})`, results: this.frameResults(hits) };
    } catch (e) {
      this.frames = { ...this.frames, state: 'error', message: AppError.from(e, 'search').message };
    }
  }

  async similarToImage(file: File, k = 24): Promise<void> {
    this.frames = { state: 'running', label: file.name, message: `Embedding ${file.name}…`, results: [] };
    try {
      const info = await this.ensureOpen();
      if (!info.canEmbed) throw new AppError('no-index', 'search', 'this layout (UMAP) cannot place outside images: retrain it with the autoencoder or PCA');
      await createImageBitmap(file).then((b) => b.close()).catch(() => {
        throw new AppError('not-video', 'search', `${file.name} is not an image this browser can read`);
      });
      const [vector] = await this.embed([file], () => undefined);
      const only = this.objectFilter;
      const { hits, ms } = await this.client.knn({ vector: vector!, k, rows: only?.rows });
      this.frames = { ...this.frames, state: 'done', message: `${hits.length} nearest${only ? ` of the frames with ${only.label}` : ''} in ${ms.toFixed(1)} ms`, results: this.frameResults(hits) };
    } catch (e) {
      this.frames = { ...this.frames, state: 'error', message: AppError.from(e, 'search').message };
    }
  }

  /** Ranks the other videos against one (as sets, as sequences, by path) and summarises it in keyframes. */
  async selectVideo(k: number | null): Promise<void> {
    this.video = k;
    this.similar = { state: 'idle', message: '', results: [] };
    this.keyframes = { state: 'idle', message: '', frames: [] };
    if (k === null) return;
    await Promise.all([this.compareVideo(k), this.loadKeyframes()]);
  }

  private async compareVideo(k: number): Promise<void> {
    this.similar = { state: 'running', message: 'Comparing videos…', results: [] };
    try {
      await this.ensureOpen();
      // Without sound rows the measures by appearance still answer (the status says why sound does not).
      await this.loadSound().catch(() => undefined);
      const d = this.atlas.data!;
      const { scores, ms } = await this.client.similarVideos(k);
      const mine = thinPath(this.atlas.path(k), 200);
      const results = scores
        .filter((s) => s.video !== k && d.videoShown(s.video) && d.rows.count(s.video) > 0)
        .map((s) => ({
          video: s.video, set: s.set, sequence: s.sequence, sound: s.sound?.set ?? null, soundSequence: s.sound?.sequence ?? null,
          name: d.videos[s.video]!.name, path: pathDistance(mine, thinPath(this.atlas.path(s.video), 200)) / 512,
        }));
      if (this.video === k) this.similar = { state: 'done', message: `${results.length} videos compared in ${ms.toFixed(0)} ms`, results };
    } catch (e) {
      if (this.video === k) this.similar = { state: 'error', message: AppError.from(e, 'search').message, results: [] };
    }
  }

  async loadKeyframes(): Promise<void> {
    const k = this.video;
    if (k === null) return;
    const count = Math.max(1, Math.min(100, Math.round(this.keyframeCount) || 10));
    this.keyframes = { state: 'running', message: 'Finding scene changes…', frames: [] };
    try {
      await this.ensureOpen();
      const { rows } = await this.client.keyframes(k, count);
      const frames = rows.flatMap((r) => this.atlas.frame(r) ?? []);
      if (this.video === k) this.keyframes = { state: 'done', message: `${frames.length} scenes`, frames };
    } catch (e) {
      if (this.video === k) this.keyframes = { state: 'error', message: AppError.from(e, 'search').message, frames: [] };
    }
  }

  /** Dominant colours of every frame (computed once per video, then stored). */
  async computeColours(): Promise<boolean> {
    if (this.colours.state === 'done') return true;
    this.colours = { state: 'running', message: 'Reading colours…', done: 0, total: this.info?.frames ?? 0 };
    try {
      await this.ensureOpen();
      await this.client.colours((done, total) => (this.colours = { state: 'running', message: `Dominant colours: ${done}/${total} frames…`, done, total }));
      this.colours = { state: 'done', message: 'Colours ready', done: this.info?.frames ?? 0, total: this.info?.frames ?? 0 };
      return true;
    } catch (e) {
      this.colours = { ...this.colours, state: 'error', message: AppError.from(e, 'search').message };
      return false;
    }
  }

  async similarColours(query: { frame?: MapFrame; video?: number }, k = 24): Promise<void> {
    if (!(await this.computeColours())) return;
    try {
      const r = await this.client.similarColours({ row: query.frame?.row, video: query.video, k });
      const d = this.atlas.data!;
      if (query.frame) this.colourFrames = this.frameResults(r.hits);
      if (query.video !== undefined) this.colourVideos = r.videos.filter((v) => d.videoShown(v.video)).map((v) => ({ ...v, name: d.videos[v.video]!.name }));
    } catch (e) {
      this.colours = { ...this.colours, state: 'error', message: AppError.from(e, 'search').message };
    }
  }

  palette(row: number): Promise<Float32Array> {
    return this.client.palette(row);
  }
}
