// Public face of the features stage.
export { FeaturesClient } from './features.client';
export type { ModelRef, FeaturesEvent, ConvertedModel, InspectedModel } from './features.protocol';
export { describeInput, IMAGENET_MEAN, IMAGENET_STD, type ImageModelDescriptor, type PixelScaling } from './imageModel';
export { chooseBackend, chooseModel, type Backend, type BackendSetting, type GpuProbe, type Choice } from './backendChoice';
export { isBundled, userImageModel, type AvailableModel, type BundledModelSpec, type ModelManifest, type ModelSpec } from './models';
export { windowSpans } from './clipWindows';
export { chooseModelFiles } from './modelFiles';
export { ortThreads } from './ortThreads';
