// Ingest settings the user can change; persisted, applied to videos added later.
import { DEFAULT_PARAMS, sanitizeParams, type SamplingParams } from '../stages/ingest';
import { loadSetting, saveSetting } from '../storage';

export class Settings {
  params = $state<SamplingParams>(structuredClone(DEFAULT_PARAMS));

  async load(): Promise<void> {
    const saved = await loadSetting<SamplingParams>('ingest');
    if (saved) this.params = sanitizeParams(saved);
  }

  /** A clean copy for a job (Svelte state proxies cannot be posted to workers). */
  snapshot(): SamplingParams {
    return sanitizeParams($state.snapshot(this.params) as SamplingParams);
  }

  async save(p: SamplingParams): Promise<void> {
    this.params = sanitizeParams(p);
    await saveSetting('ingest', $state.snapshot(this.params));
  }

  reset(): Promise<void> {
    return this.save(structuredClone(DEFAULT_PARAMS));
  }
}
