// Ingest settings the user can change; persisted, applied to videos added later.
import { DEFAULT_PARAMS, sanitizeLanes, sanitizeParams, type DecodeLanesSetting, type SamplingParams } from '../stages/ingest';
import { loadSetting, saveSetting } from '../storage';
import type { BackendSetting } from '../stages/features';
import { DEFAULT_PANELS, sanitizePanels, type Panels } from './panels';

export interface FeatureSettings {
  /** 'auto' or a model id */
  model: string;
  backend: BackendSetting;
  /** the user paused feature extraction (e.g. to keep the machine free); nothing new is computed */
  paused?: boolean;
}

export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = { model: 'auto', backend: 'auto', paused: false };

/** Writes not yet committed: a reload in the same few milliseconds would lose them (Settings.written). */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
const writing = new Set<Promise<void>>();

/** Settings apply in this tab whether or not they could be stored (e.g. a full disk): never a page error. */
function store(key: string, value: unknown): Promise<void> {
  const write = saveSetting(key, value).catch((e: unknown) => console.warn(`setting ${key} not saved:`, e));
  writing.add(write);
  return write.finally(() => writing.delete(write));
}

export class Settings {
  params = $state<SamplingParams>(structuredClone(DEFAULT_PARAMS));
  features = $state<FeatureSettings>({ ...DEFAULT_FEATURE_SETTINGS });
  /** a first look at each drop before its dense passes (stages/ingest/firstLook.ts) */
  firstLook = $state(true);
  /** videos whose dense passes run at once ('auto': from the machine's cores; stages/ingest/decodeLanes.ts) */
  decodeLanes = $state<DecodeLanesSetting>('auto');
  /** the layout panel's options (method, epochs, rotation, exports, figures) are unfolded */
  layoutOptions = $state(false);
  /** the panels over the map, as the user left them */
  panels = $state<Panels>({ ...DEFAULT_PANELS });
  /** the model 'auto' chose last time, so the stored layout can open before the GPU probe answers */
  lastModel: string | null = null;

  async load(): Promise<void> {
    const saved = await loadSetting<SamplingParams>('ingest');
    if (saved) this.params = sanitizeParams(saved);
    const f = await loadSetting<FeatureSettings>('features');
    if (f) this.features = { ...DEFAULT_FEATURE_SETTINGS, ...f };
    this.lastModel = (await loadSetting<string>('last-model')) ?? null;
    this.firstLook = (await loadSetting<boolean>('first-look')) ?? true;
    this.decodeLanes = sanitizeLanes(await loadSetting<unknown>('decode-lanes'));
    this.layoutOptions = (await loadSetting<boolean>('layout-options')) ?? false;
    this.panels = sanitizePanels(await loadSetting<Partial<Panels>>('panels'));
  }

  async savePanels(change: Partial<Panels>): Promise<void> {
    if (Object.entries(change).every(([k, v]) => this.panels[k as keyof Panels] === v)) return;
    this.panels = { ...this.panels, ...change };
    await store('panels', $state.snapshot(this.panels));
  }

  async saveLayoutOptions(open: boolean): Promise<void> {
    this.layoutOptions = open;
    await store('layout-options', open);
  }

  async saveFirstLook(on: boolean): Promise<void> {
    this.firstLook = on;
    await store('first-look', on);
  }

  async saveDecodeLanes(lanes: DecodeLanesSetting): Promise<void> {
    this.decodeLanes = sanitizeLanes(lanes);
    await store('decode-lanes', this.decodeLanes);
  }

  async rememberModel(id: string): Promise<void> {
    if (id === this.lastModel) return;
    this.lastModel = id;
    await store('last-model', id);
  }

  async saveFeatures(f: FeatureSettings): Promise<void> {
    this.features = { ...f };
    await store('features', { ...f });
  }

  /** A clean copy for a job (Svelte state proxies cannot be posted to workers). */
  snapshot(): SamplingParams {
    return sanitizeParams($state.snapshot(this.params) as SamplingParams);
  }

  async save(p: SamplingParams): Promise<void> {
    this.params = sanitizeParams(p);
    await store('ingest', $state.snapshot(this.params));
  }

  reset(): Promise<void> {
    return this.save(structuredClone(DEFAULT_PARAMS));
  }

  /** Resolves once every setting changed so far is stored. */
  async written(): Promise<void> {
    await Promise.all(writing);
  }
}
