// Groups of frames as the UI sees them: found once the map is complete (in
// the clusters worker, over the search index's rows), stored with the layout,
// found again after a retrain (user names carried over to the group that holds
// most of the same frames), frames placed later put into the existing groups.
// Labels, outlines, the group panel and the exports read from here.
import { AppError, isAbort } from '../core/errors';
import { lookOwner } from '../core/ids';
import { thinIndices } from '../core/thin';
import { frameMime } from '../stages/ingest';
import {
  carryNames, ClustersClient, groupsByRow, MAX_SAMPLE, MISSING, membershipCsv, membershipJson, summarizeGroups, type ClusterModel, type Group, type GroupSummary,
} from '../stages/clusters';
import { FrameRows } from '../stages/map';
import { imagePalette, labToCss } from '../stages/search';
import { offerDownload } from '../core/download';
import { FrameReader, loadClusters, loadSetting, saveClusters, saveSetting, type StoredClusters } from '../storage';
import type { Atlas, MapFrame } from './atlas.svelte';
import type { Projection } from './projection.svelte';
import type { Search } from './search.svelte';

export type ClustersState = 'none' | 'running' | 'ready' | 'error';

interface ClusterView {
  labels: boolean;
  outlines: boolean;
}

/** Rows sent to the worker at a time: progress and cancel stay prompt, memory flat. */
const CHUNK = 4096;

export class Clusters {
  state = $state<ClustersState>('none');
  message = $state('');
  progress = $state.raw<{ done: number; total: number } | null>(null);
  /** the groups of the current layout, as stored */
  stored = $state.raw<StoredClusters | null>(null);
  /** finest group of each row of the current layout, -1 for noise */
  rowGroup = $state.raw<Int32Array | null>(null);
  /** the group opened in the group panel */
  selected = $state<number | null>(null);
  view = $state<ClusterView>({ labels: true, outlines: false });
  /** dominant colours (CSS) of each group's typical frame */
  colours = $state.raw<Record<number, string[]>>({});

  readonly groups = $derived<Group[]>(this.stored?.groups ?? []);
  readonly topLevel = $derived(this.groups.filter((g) => g.parent < 0).length);
  /** per group: frames, videos, centre, outline, strips (of the videos the map shows) */
  readonly summaries = $derived.by((): GroupSummary[] => {
    const d = this.atlas.data, rowGroup = this.rowGroup;
    if (!d || !rowGroup || rowGroup.length !== d.rows.total) return [];
    const frameOfRow = new Uint32Array(d.rows.total);
    d.videos.forEach((_, k) => {
      for (let i = d.rows.starts[k]!; i < d.rows.starts[k + 1]!; i++) frameOfRow[i] = i - d.rows.starts[k]!;
    });
    return summarizeGroups({
      groups: this.groups, rowGroup, videoOfRow: d.videoOfRow, frameOfRow, world: d.world, include: d.include,
      videoKey: (k) => lookOwner(d.videos[k]!.id) ?? d.videos[k]!.id,
    });
  });

  private readonly client = new ClustersClient();
  private abort: AbortController | null = null;
  /** the layout state the groups were last brought up to (or the run for it started) */
  private doneFor: string | null = null;
  /** a run the user cancelled: not started again by itself for the same layout */
  private cancelledFor: string | null = null;

  constructor(
    private readonly atlas: Atlas,
    private readonly projection: Projection,
    private readonly search: Search,
  ) {}

  async load(): Promise<void> {
    const v = await loadSetting<ClusterView>('clusters');
    if (v) this.view = { labels: v.labels !== false, outlines: !!v.outlines };
  }

  setView(v: Partial<ClusterView>): void {
    this.view = { ...this.view, ...v };
    void saveSetting('clusters', $state.snapshot(this.view)).catch((e: unknown) => console.warn('group view not saved:', e));
  }

  /** What the groups must match: the layout's training and the frames it holds now. */
  private key(): string | null {
    const m = this.projection.meta;
    return m ? `${m.name}:${m.createdAt}:${m.frames}` : null;
  }

  /** Groups can be found: the map is complete and its layout has a search index to find them in. */
  get canRun(): boolean {
    const meta = this.projection.meta;
    return !!meta && this.projection.status === 'ready' && !this.projection.training && meta.pcaDim > 0;
  }

  /** Brings the groups up to the current layout once the map is complete (called whenever either may change). */
  sync(): void {
    const key = this.key();
    const meta = this.projection.meta;
    if (this.stored && meta) {
      // A new training: the old groups say nothing about it. More frames on the same one: shown ungrouped till placed.
      if (this.stored.trained !== meta.createdAt) {
        this.stored = this.rowGroup = null;
        this.selected = null;
        if (this.state === 'ready') this.state = 'none';
      } else if (this.rowGroup?.length !== meta.frames) this.show(this.stored);
    }
    // Groups are found in the search index's PCA space: a layout without one (synthetic benchmark projects) has none.
    if (!key || !this.canRun) return;
    if (key === this.doneFor || key === this.cancelledFor) return;
    void this.run();
  }

  /** Finds the groups again from the start (the menu's "Find groups again"). */
  regroup(): Promise<void> {
    if (!this.canRun) return Promise.resolve();
    this.cancelledFor = null;
    return this.run(true);
  }

  cancel(): void {
    this.cancelledFor = this.key();
    this.abort?.abort();
  }

  private async run(fresh = false): Promise<void> {
    const meta = this.projection.meta;
    const key = this.key();
    if (!meta || !key) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.doneFor = key;
    const { signal } = abort;
    this.state = 'running';
    this.progress = null;
    try {
      const before = this.stored?.trained === meta.createdAt ? this.stored : await loadClusters(meta.name);
      let stored: StoredClusters;
      if (before && before.trained === meta.createdAt && !fresh) {
        stored = await this.extend(before, signal);
      } else {
        stored = await this.fit(signal);
        if (before) carryNames(before, stored);
      }
      if (signal.aborted) return;
      await saveClusters(meta.name, stored);
      // Retrained meanwhile: what was found is kept on disk but says nothing about the new layout (sync starts again).
      if (this.projection.meta?.createdAt !== stored.trained) {
        this.state = 'none';
        return;
      }
      this.show(stored);
      this.state = 'ready';
      this.message = `${stored.groups.filter((g) => g.parent < 0).length} groups`;
      void this.paint(stored);
    } catch (e) {
      if (this.abort !== abort) return;
      if (isAbort(e) || signal.aborted) {
        this.state = this.rowGroup ? 'ready' : 'none';
        this.message = 'Grouping cancelled';
      } else {
        this.state = 'error';
        this.message = AppError.from(e, 'clusters').message;
      }
    } finally {
      if (this.abort === abort) {
        this.abort = null;
        this.progress = null;
      }
    }
  }

  /** Index rows of these layout rows, as the search compares them. */
  private async rowsOf(rows: Int32Array): Promise<{ dim: number; values: Float32Array }> {
    return this.search.unitRows(rows);
  }

  /** Fits groups on an even sample of every frame, then puts every frame into one, a chunk at a time. */
  private async fit(signal: AbortSignal): Promise<StoredClusters> {
    const meta = this.projection.meta!;
    const total = meta.frames;
    const sampleRows = Int32Array.from(thinIndices(total, MAX_SAMPLE));
    this.message = `Finding groups among ${sampleRows.length.toLocaleString()} frames…`;
    const { dim, values } = await this.rowsOf(sampleRows);
    const { model } = await this.client.fit(values, dim, signal);
    const frameGroups = await this.place(Int32Array.from({ length: total }, (_, i) => i), signal);
    const rows = new FrameRows(meta.videos.map((v) => v.frames));
    const icon = (row: number): [string, number] => {
      const { video, frame } = rows.at(row);
      return [meta.videos[video]!.id, frame];
    };
    return {
      trained: meta.createdAt, dim: model.dim, minClusterSize: model.minClusterSize,
      groups: model.groups.map((g) => ({ ...g, icon: icon(sampleRows[g.typical]!) })),
      videos: meta.videos.map((v) => ({ id: v.id, frames: v.frames })),
      sample: model.sample, core: model.core, sampleGroup: model.sampleGroup, frameGroups,
    };
  }

  /** Frames placed since the groups were found join the existing groups. */
  private async extend(before: StoredClusters, signal: AbortSignal): Promise<StoredClusters> {
    const meta = this.projection.meta!;
    const have = groupsByRow(before, meta.videos);
    const missing = [...have.keys()].filter((r) => have[r]! === MISSING);
    if (missing.length) {
      await this.client.use(toModel(before), signal);
      const placed = await this.place(Int32Array.from(missing), signal);
      missing.forEach((r, i) => (have[r] = placed[i]!));
    }
    return { ...before, videos: meta.videos.map((v) => ({ id: v.id, frames: v.frames })), frameGroups: have };
  }

  /** Each row's group under the worker's model, streamed in chunks with progress. */
  private async place(rows: Int32Array, signal: AbortSignal): Promise<Int32Array> {
    const out = new Int32Array(rows.length);
    for (let at = 0; at < rows.length; at += CHUNK) {
      signal.throwIfAborted();
      this.progress = { done: at, total: rows.length };
      this.message = `Putting frames into groups: ${at.toLocaleString()} of ${rows.length.toLocaleString()}…`;
      const chunk = rows.subarray(at, at + CHUNK);
      const { dim, values } = await this.rowsOf(chunk);
      out.set((await this.client.assign(values, dim, signal)).groups, at);
    }
    return out;
  }

  private show(stored: StoredClusters): void {
    this.stored = stored;
    this.rowGroup = groupsByRow(stored, this.projection.meta!.videos).map((g) => (g === MISSING ? -1 : g));
    if (this.selected !== null && this.selected >= stored.groups.length) this.selected = null;
  }

  /** The stored groups of the current layout, for a reload: shown at once, brought up to date by `sync`. */
  async restore(): Promise<void> {
    const meta = this.projection.meta;
    if (!meta || this.stored) return;
    const s = await loadClusters(meta.name);
    if (s && s.trained === meta.createdAt && this.projection.meta === meta) {
      // Nothing placed since they were stored: nothing for `sync` to do.
      if (!groupsByRow(s, meta.videos).includes(MISSING)) this.doneFor = this.key();
      this.show(s);
      this.state = 'ready';
      this.message = `${s.groups.filter((g) => g.parent < 0).length} groups`;
      void this.paint(s);
    }
  }

  /** Gives a group the name the user typed (kept with the groups, and across a retrain). */
  async rename(id: number, name: string): Promise<void> {
    const s = this.stored, meta = this.projection.meta;
    if (!s || !meta || !s.groups[id]) return;
    const clean = name.trim().slice(0, 60) || s.groups[id].name;
    const next = { ...s, groups: s.groups.map((g) => (g.id === id ? { ...g, name: clean, custom: true } : g)) };
    this.stored = next;
    await saveClusters(meta.name, next);
  }

  /** The frame that stands for a group (nearest its centre in feature space). */
  iconFrame(id: number): MapFrame | null {
    const icon = this.stored?.groups[id]?.icon;
    const d = this.atlas.data;
    if (!icon || !d) return null;
    const k = d.videos.findIndex((v) => v.id === icon[0]);
    return k < 0 ? null : this.atlas.frame(d.rows.starts[k]! + icon[1]);
  }

  /** Dominant colours of each group's typical frame, from a small thumbnail. */
  private async paint(stored: StoredClusters): Promise<void> {
    const out: Record<number, string[]> = {};
    const canvas = new OffscreenCanvas(48, 27);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    for (const g of stored.groups) {
      const f = this.iconFrame(g.id);
      if (!f) continue;
      const bmp = await this.atlas.thumbnail(f, 48, 27).catch(() => null);
      if (!bmp || this.stored?.trained !== stored.trained) {
        bmp?.close();
        if (this.stored?.trained !== stored.trained) return;
        continue;
      }
      ctx.drawImage(bmp, 0, 0, 48, 27);
      bmp.close();
      const p = imagePalette(ctx.getImageData(0, 0, 48, 27).data);
      out[g.id] = [0, 1, 2].filter((i) => p[4 * i + 3]! > 0.08).map((i) => labToCss(p[4 * i]!, p[4 * i + 1]!, p[4 * i + 2]!));
    }
    this.colours = out;
  }

  /**
   * Offers the membership as a download (`frame-atlas-<name>.csv|json`); the reason it could not, for the UI to
   * show, or null.
   */
  async download(format: 'csv' | 'json', name: string, which: { group?: number; rows?: readonly number[] } = {}): Promise<string | null> {
    try {
      const text = await this.export(format, which);
      offerDownload(`frame-atlas-${name.replace(/[^\w.-]+/g, '_')}.${format}`, new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/json' }));
      return null;
    } catch (e) {
      return AppError.from(e, 'clusters').message;
    }
  }

  /** Membership as CSV or JSON: of one group, of the rows given (a lasso), or of every frame the map shows. */
  async export(format: 'csv' | 'json', which: { group?: number; rows?: readonly number[] } = {}): Promise<string> {
    const d = this.atlas.data, rg = this.rowGroup, coords = this.projection.coords;
    if (!d || !rg || !coords) throw new AppError('internal', 'clusters', 'there are no groups yet');
    const rows = which.rows ?? (which.group !== undefined ? (this.summaries[which.group]?.rows ?? []) : Array.from({ length: d.rows.total }, (_, r) => r).filter((r) => d.include(r)));
    const times: Float64Array[] = [];
    for (const v of d.videos) times.push(await FrameReader.times(v.id, frameMime(v.record?.params), v.frames));
    const at = (row: number) => d.rows.at(row);
    const videos = d.videos.map((v) => ({ name: v.name, frames: v.frames }));
    return (format === 'csv' ? membershipCsv : membershipJson)(videos, rows, at, times, coords, this.groups, rg);
  }
}

function toModel(s: StoredClusters): ClusterModel {
  return { dim: s.dim, sample: s.sample, sampleGroup: s.sampleGroup, core: s.core, groups: s.groups, minClusterSize: s.minClusterSize };
}
