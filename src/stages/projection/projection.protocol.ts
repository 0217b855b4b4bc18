// Messages between the projection client and projection.worker.
import type { VideoId } from '../../core/ids';
import type { Endpoint } from '../../rpc/workerRpc';
import type { LossParts, LossWeights } from './autoencoderConfig';
import type { LayoutQuality } from './layoutQuality';
import type { Stretch } from './percentileStretch';

export type LayoutMethod = 'autoencoder' | 'pca' | 'umap';

export interface LayoutVideo {
  id: VideoId;
  name: string;
  frames: number;
  /** e.g. the folder it came from; used for the label-accuracy metric */
  label: string | null;
}

export interface TrainRequest {
  /** storage name of the result */
  name: string;
  model: string;
  /** frame vector length of that model's features */
  dim: number;
  videos: LayoutVideo[];
  method: LayoutMethod;
  pcaDim: number;
  epochs: number;
  seed: number;
  codeStd: number;
  weights: LossWeights;
}

export interface LayoutMeta {
  name: string;
  model: string;
  dim: number;
  method: LayoutMethod;
  videos: LayoutVideo[];
  frames: number;
  pcaDim: number;
  /** share of the feature variance the PCA keeps */
  retained: number;
  /** spread used to scale PCA outputs to unit variance for the autoencoder */
  scale: number;
  stretch: Stretch | null;
  quality: LayoutQuality;
  /** quality with video as the label: are a video's frames neighbours? */
  sameVideo: number;
  losses: LossParts[];
  epochs: number;
  seed: number;
  codeStd: number;
  weights: LossWeights;
  backend: string;
  seconds: number;
  createdAt: number;
}

export type ProjectionEvent =
  | { type: 'stage'; stage: 'reading' | 'pca' | 'training' | 'layout' | 'quality'; detail: string }
  | { type: 'epoch'; epoch: number; epochs: number; loss: LossParts };

export interface PlaceRequest {
  name: string;
  videos: LayoutVideo[];
}

export interface BenchRequest {
  frames: number;
  dim: number;
  videos: number;
  pcaDim: number;
  epochs: number;
  backend: string;
  /** UMAP only up to this many frames (umap-js is slow beyond) */
  umapMax: number;
  seed: number;
}

export interface BenchMethodResult {
  method: LayoutMethod;
  seconds: number;
  trustworthiness: number;
  continuity: number;
  recall: number;
  sameVideo: number;
}

export interface BenchResult {
  backend: string;
  frames: number;
  dim: number;
  pcaDim: number;
  pcaSeconds: number;
  retained: number;
  aeSecondsPerEpoch: number;
  methods: BenchMethodResult[];
}

export type ProjectionProtocol = {
  /** synthetic-data benchmark of PCA, training and layout quality on one tfjs backend */
  bench: Endpoint<BenchRequest, BenchResult, ProjectionEvent>;
  train: Endpoint<TrainRequest, LayoutMeta, ProjectionEvent>;
  /** append new videos to a trained layout with its encoder (no retraining) */
  place: Endpoint<PlaceRequest, LayoutMeta, never>;
  /** finish training after the current epoch, keeping what was learnt */
  stop: Endpoint<null, null, never>;
};
