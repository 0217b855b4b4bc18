// The poster as the UI sees it: parameters (the window starting on the frames'
// extent, or taken from the map's view), the plan they give (same grid
// assignment as the map, or gapless), how full it is, its size and whether the
// format allows it, and the export with progress and cancel.
import { offerDownload } from '../core/download';
import { AbortedError, AppError, isAbort } from '../core/errors';
import { frameMime } from '../stages/ingest';
import { WORLD } from '../stages/map';
import { defaultRows, fitWindow, formatLimit, framesExtent, planPoster, PosterClient, posterWarning, validatePoster, windowFill, type PosterFormat, type PosterFrame, type PosterParams, type PosterPlan } from '../stages/poster';
import { newExportFile, removeExportFile } from '../storage';
import type { Atlas } from './atlas.svelte';
import type { Library } from './library.svelte';
import type { Projection } from './projection.svelte';
import { VideoGrabber } from './videoGrabber';
import type { VideoId } from '../core/ids';

export interface PosterSettings extends PosterParams {
  format: PosterFormat;
  /** 1–100, JPEG and WebP */
  quality: number;
  /** frames from the stored thumbnails, or decoded again from the original files where they are at hand */
  source: 'stored' | 'original';
}

export type ExportState = 'idle' | 'running' | 'done' | 'error';

type SavePicker = (o: { suggestedName: string; types: { description: string; accept: Record<string, string[]> }[] }) => Promise<FileSystemFileHandle>;

export class Poster {
  open = $state(false);
  settings = $state<PosterSettings>({ centerX: 0, centerY: 0, window: 2, columns: 11, rows: null, tileWidth: 534, tileHeight: 300, gapless: false, format: 'png', quality: 90, source: 'stored' });
  state = $state<ExportState>('idle');
  message = $state('');
  progress = $state<{ rows: number; totalRows: number; bytes: number } | null>(null);
  /** the last export: what was written */
  result = $state.raw<{ name: string; bytes: number; seconds: number } | null>(null);

  readonly error = $derived(validatePoster(this.settings));
  readonly plan = $derived.by((): PosterPlan | null => {
    const coords = this.projection.coords, d = this.atlas.data;
    if (!coords || !d || this.error) return null;
    return planPoster(coords, $state.snapshot(this.settings) as PosterSettings, d.include);
  });
  /** the frames' extent (percentile bounds), the default window */
  readonly extent = $derived.by(() => {
    const coords = this.projection.coords, d = this.atlas.data;
    return coords && d ? framesExtent(coords, d.include) : null;
  });
  /** frames in the window, and the share of cells that get one */
  readonly fill = $derived(this.plan ? windowFill(this.plan) : null);
  /** empty (export refused) or mostly background */
  readonly warning = $derived(this.fill ? posterWarning(this.fill, this.settings) : null);
  readonly limit = $derived(this.plan ? formatLimit(this.settings.format, this.plan.width, this.plan.height) : null);
  readonly canSave = typeof (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker === 'function';

  private readonly client = new PosterClient();
  private abort: AbortController | null = null;

  constructor(
    private readonly atlas: Atlas,
    private readonly projection: Projection,
    private readonly library: Library,
  ) {}

  /** Opens the dialog with the window on all the frames (on the map's view while there is no layout). */
  show(): void {
    const rec = this.library.videos.find((x) => x.thumbWidth && x.thumbHeight);
    if (rec && this.state === 'idle') {
      this.settings.tileWidth = rec.thumbWidth!;
      this.settings.tileHeight = rec.thumbHeight!;
    }
    if (!this.fitToFrames()) this.useView();
    this.open = true;
  }

  /** The window on the frames' extent, at the poster's aspect; false when there are no frames. */
  fitToFrames(): boolean {
    const e = this.extent;
    if (!e || validatePoster(this.settings)) return false;
    Object.assign(this.settings, fitWindow(e, this.settings));
    return true;
  }

  /** The window on what the map shows now (its width; rows follow as ever). */
  useView(): void {
    const v = this.atlas.view;
    if (!v) return;
    this.settings.centerX = round(v.target[0] / WORLD);
    this.settings.centerY = round(-v.target[1] / WORLD);
    this.settings.window = Math.max(0.001, round(this.atlas.width / 2 ** v.zoom / WORLD));
  }

  /** Rows a square window would hold (shown as the placeholder of the rows field). */
  get autoRows(): number {
    return this.plan?.rows ?? defaultRows(this.settings);
  }

  /** The frames of the plan's cells, for the worker. */
  private frames(plan: PosterPlan): (PosterFrame | null)[] {
    const d = this.atlas.data!;
    return Array.from(plan.cells, (row) => {
      if (row < 0) return null;
      const { video, frame } = d.rows.at(row);
      const v = d.videos[video]!;
      return { video: v.id, mime: frameMime(v.record?.params), frame };
    });
  }

  /** Writes the poster: into a file the user picks, or into OPFS and then as an ordinary download. */
  async export(target: 'download' | 'save'): Promise<void> {
    const plan = this.plan;
    if (!plan || this.limit || this.warning?.kind === 'empty' || this.state === 'running') return;
    const s = this.settings;
    const name = `frame-atlas-poster-${plan.width}x${plan.height}.${s.format === 'jpeg' ? 'jpg' : s.format}`;
    let file: FileSystemFileHandle;
    try {
      file = target === 'save' && this.canSave
        ? await (globalThis as unknown as { showSaveFilePicker: SavePicker }).showSaveFilePicker({
            suggestedName: name,
            types: [{ description: `${s.format.toUpperCase()} image`, accept: { [`image/${s.format}`]: [`.${name.split('.').pop()}`] } }],
          })
        : await newExportFile(name);
    } catch (e) {
      if ((e as DOMException).name === 'AbortError') return; // the picker was dismissed
      this.fail(e);
      return;
    }
    this.state = 'running';
    this.message = '';
    this.progress = { rows: 0, totalRows: plan.rows, bytes: 0 };
    const abort = (this.abort = new AbortController());
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- per-export bookkeeping, not state
    const grabbers = new Map<VideoId, VideoGrabber | null>();
    const notes: string[] = [];
    try {
      const cells = this.frames(plan);
      await this.client.begin({ columns: plan.columns, rows: plan.rows, tileWidth: s.tileWidth, tileHeight: s.tileHeight, background: '#0b0d10', format: s.format, quality: s.quality / 100, file }, abort.signal);
      let bytes = 0;
      for (let r = 0; r < plan.rows; r++) {
        const row = cells.slice(r * plan.columns, (r + 1) * plan.columns);
        const images = s.source === 'original' ? await this.originals(plan, r, grabbers, notes) : row.map(() => null);
        if (abort.signal.aborted) throw new AbortedError();
        ({ bytes } = await this.client.row({ row: r, cells: row, images }, abort.signal));
        this.progress = { rows: r + 1, totalRows: plan.rows, bytes };
      }
      const r = await this.client.end(abort.signal);
      if (target === 'download' || !this.canSave) offerDownload(name, await file.getFile());
      this.result = { name, bytes: r.bytes, seconds: r.seconds };
      this.state = 'done';
      if (r.missing) notes.push(`${r.missing} frames could not be read and were left as background`);
      this.message = notes.join('; ');
    } catch (e) {
      if (target === 'download') await removeExportFile(name);
      if (isAbort(e)) {
        this.state = 'idle';
        this.message = 'cancelled';
      } else this.fail(e);
    } finally {
      this.abort = null;
      for (const g of grabbers.values()) g?.close();
    }
  }

  /** Tile images of row r decoded from the original files; null where a file is not at hand or not playable. */
  private async originals(plan: PosterPlan, r: number, grabbers: Map<VideoId, VideoGrabber | null>, notes: string[]): Promise<(ImageBitmap | null)[]> {
    const s = this.settings;
    const out: (ImageBitmap | null)[] = [];
    for (let c = 0; c < plan.columns; c++) {
      const f = this.atlas.frame(plan.cells[r * plan.columns + c]!);
      if (!f) {
        out.push(null);
        continue;
      }
      if (!grabbers.has(f.id)) {
        const file = await this.library.originalFile(f.id);
        let g: VideoGrabber | null = null;
        if (!file) notes.push(`${f.name}: original file not at hand, stored frames used`);
        else g = await VideoGrabber.open(file).catch((e: unknown) => (notes.push(`${f.name}: ${AppError.from(e, 'poster').message}, stored frames used`), null));
        grabbers.set(f.id, g);
      }
      const g = grabbers.get(f.id);
      out.push(g ? await g.grab(await this.atlas.frameTime(f), s.tileWidth, s.tileHeight).catch(() => null) : null);
    }
    return out;
  }

  cancel(): void {
    this.abort?.abort();
  }

  private fail(e: unknown): void {
    this.state = 'error';
    const err = AppError.from(e, 'poster');
    this.message = err.code === 'quota' || /quota/i.test(err.message) ? 'Not enough disk space for this poster: choose a smaller size or free some space' : err.message;
  }
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
