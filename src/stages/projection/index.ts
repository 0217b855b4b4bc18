// Public face of the projection stage.
export { ProjectionClient } from './projection.client';
export type { BenchRequest, BenchResult, LayoutMeta, LayoutMethod, LayoutVideo, ProjectionEvent } from './projection.protocol';
export { DEFAULT_AE, refineEpochs, type LossParts, type LossWeights } from './autoencoderConfig';
export { layoutCsv } from './layoutCsv';
export { rotatePoints, thenTransform, transformPoints } from './percentileStretch';
export { alignTransform, sharedRows } from './align';
