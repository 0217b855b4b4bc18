// The autoencoder's settings and loss parts as plain data, without tfjs: the
// main thread (settings, charts, requests) imports these; only the projection
// worker imports autoencoder.ts, which builds and trains the model.

export interface LossWeights {
  reconstruction: number;
  activity: number;
  triplet: number;
}

export interface AutoencoderConfig {
  input: number;
  /** the input size the hidden widths follow (layerSizes); the input size when absent */
  hiddenFrom?: number;
  code: number;
  /** target standard deviation of each code dimension (the reference also tried 0.6) */
  codeStd: number;
  weights: LossWeights;
  learningRate: number;
  batchSize: number;
  seed: number;
}

/** Documented defaults: reconstruction leads, the regulariser and triplets shape the map. */
export const DEFAULT_AE: AutoencoderConfig = {
  input: 256,
  code: 2,
  codeStd: 0.3,
  weights: { reconstruction: 1, activity: 1, triplet: 0.05 },
  learningRate: 1e-3,
  batchSize: 256,
  seed: 1,
};

/**
 * Epochs of an automatic retrain that starts from the network it replaces (warm start): that network already maps
 * these videos (it was trained on their first looks), so the retrain refines it rather than learns from nothing, and
 * a third of the epochs does (bench:first-map prints the final layout's quality). Never more than asked, at least 10.
 */
export function refineEpochs(epochs: number): number {
  return Math.min(epochs, Math.max(10, Math.round(epochs / 3)));
}

export interface LossParts {
  total: number;
  reconstruction: number;
  activity: number;
  triplet: number;
}
