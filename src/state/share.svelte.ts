// Project bundles as the UI sees them: export the whole project as one file
// (an ordinary download, streamed from OPFS), import one (restore into an
// empty library, or merge its videos into this one), with progress, cancel
// and a clear refusal of a damaged or foreign file. stages/share does the work.
import { offerDownload } from '../core/download';
import { AppError, isAbort } from '../core/errors';
import { formatBytes } from '../core/format';
import { ShareClient, type BundleProgress } from '../stages/share';
import { newExportFile, removeExportFile } from '../storage';
import type { Features } from './features.svelte';
import type { Library } from './library.svelte';
import type { Projection } from './projection.svelte';

export type ShareState = 'idle' | 'running' | 'done' | 'error';

export class Share {
  state = $state<ShareState>('idle');
  message = $state('');
  progress = $state.raw<BundleProgress | null>(null);
  private abort: AbortController | null = null;
  private readonly client = new ShareClient();

  constructor(
    private readonly library: Library,
    private readonly projection: Projection,
    private readonly features: Features,
    /** after an import: the app starts again on the project now stored (the page reloads) */
    private readonly reopen: () => void = () => location.reload(),
  ) {}

  /** Why a bundle cannot be made or read now (work in flight would change files under it), or null. */
  get blocker(): string | null {
    if (this.library.summary.active) return 'Videos are still being decoded: share once they are done (or cancel them).';
    if (this.projection.training) return 'A layout is training: share once it is done.';
    if (this.features.runningId) return 'Features are being computed: share once they are done (or pause them).';
    return null;
  }

  /** Writes the whole project into an OPFS export file and offers it as an ordinary download. */
  async exportBundle(): Promise<void> {
    if (this.state === 'running') return;
    const why = this.blocker;
    if (why) return this.fail(why);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a file name, not state
    const name = `frame-atlas-${new Date().toISOString().slice(0, 10)}.atlas`;
    await this.run(async (signal) => {
      const file = await newExportFile(name);
      try {
        const r = await this.client.exportBundle(file, (p) => (this.progress = p), signal);
        offerDownload(name, await file.getFile());
        return `Exported ${r.videos} video${r.videos === 1 ? '' : 's'} (${r.frames.toLocaleString('en')} frames) as ${name}: ${formatBytes(r.bytes)} in ${r.seconds.toFixed(1)} s.`;
      } catch (e) {
        await removeExportFile(name);
        throw e;
      }
    });
  }

  /** Checks a bundle whole, then restores it (empty library) or merges its videos in; the app then starts on it. */
  async importBundle(file: File): Promise<void> {
    if (this.state === 'running') return;
    const why = this.blocker;
    if (why) return this.fail(why);
    await this.run(async (signal) => {
      const r = await this.client.importBundle(file, (p) => (this.progress = p), signal);
      const what = r.mode === 'restore'
        ? `Imported ${r.videos} video${r.videos === 1 ? '' : 's'} from ${file.name}`
        : `Merged ${file.name}: ${r.added} video${r.added === 1 ? '' : 's'} added${r.duplicates ? `, ${r.duplicates} already here` : ''}`;
      // The stored project changed under every part of the app: it starts again on it.
      setTimeout(this.reopen, 1500);
      return `${what} (${formatBytes(r.bytes)} in ${r.seconds.toFixed(1)} s); reopening…`;
    });
  }

  cancel(): void {
    this.abort?.abort();
  }

  private async run(work: (signal: AbortSignal) => Promise<string>): Promise<void> {
    this.state = 'running';
    this.message = '';
    this.progress = null;
    const abort = (this.abort = new AbortController());
    try {
      this.message = await work(abort.signal);
      this.state = 'done';
    } catch (e) {
      if (isAbort(e)) {
        this.state = 'idle';
        this.message = 'Cancelled: nothing was changed.';
      } else this.fail(AppError.from(e, 'share').message);
    } finally {
      this.abort = null;
      this.progress = null;
    }
  }

  private fail(message: string): void {
    this.state = 'error';
    this.message = message;
  }
}
