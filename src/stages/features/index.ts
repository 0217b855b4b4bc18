// Public face of the features stage.
export { FeaturesClient } from './features.client';
export type { ModelRef, FeaturesEvent, ConvertedModel } from './features.protocol';
export { chooseBackend, chooseModel, type Backend, type BackendSetting, type GpuProbe, type Choice } from './backendChoice';
export { isBundled, type AvailableModel, type BundledModelSpec, type ModelManifest, type ModelSpec } from './models';
