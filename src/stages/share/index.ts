// Public face of the share stage: project bundles.
export { ShareClient } from './share.client';
export type { BundleProgress, ExportResult, ImportResult } from './share.protocol';
export { BUNDLE_VERSION } from './bundleFormat';
