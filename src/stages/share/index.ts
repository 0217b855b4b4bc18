// Public face of the share stage: project bundles and published atlases.
export { ShareClient } from './share.client';
export { PublishClient } from './publish.client';
export type { BundleProgress, ExportResult, ImportResult } from './share.protocol';
export { BUNDLE_VERSION } from './bundleFormat';
export * from './publishFormat';
export { planPublish, publishedMap, type PublishPlan } from './publishPlan';
