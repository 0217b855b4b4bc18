// Public face of the features stage.
export { FeaturesClient } from './features.client';
export type { ModelRef, FeaturesEvent } from './features.protocol';
export { chooseBackend, chooseModel, type Backend, type BackendSetting, type GpuProbe, type Choice } from './backendChoice';
export type { BundledModelSpec, ModelManifest } from './models';
