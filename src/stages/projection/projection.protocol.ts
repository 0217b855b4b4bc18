// Messages between the projection client and projection.worker.
import type { VideoId } from '../../core/ids';
import type { Endpoint } from '../../rpc/workerRpc';
import type { LossParts, LossWeights } from './autoencoderConfig';
import type { PcaRoute } from './pca';
import type { BackendTiming } from './tfBackend';
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
  /** a stored autoencoder layout to start from (a retrain): its network is moved onto the new PCA basis */
  warmFrom?: string;
  /** epochs instead of `epochs` when the warm start took (an automatic retrain refines); a retrain from scratch runs `epochs` */
  warmEpochs?: number;
}

export interface LayoutMeta {
  name: string;
  model: string;
  dim: number;
  method: LayoutMethod;
  videos: LayoutVideo[];
  frames: number;
  pcaDim: number;
  /** the PCA size the autoencoder's hidden widths follow (the setting; pcaDim for layouts stored before) */
  hiddenFrom?: number;
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
  /** the autoencoder started from the layout it replaces (warmFrom), not from random weights */
  warmStarted?: boolean;
  /** tfjs backend the autoencoder trained on */
  backend: string;
  /** where PCA's matrix products ran, e.g. 'WebAssembly ×2 threads (44 GFLOP/s)' (layouts from before had none) */
  pcaEngine?: string;
  pcaRoute?: PcaRoute;
  seconds: number;
  createdAt: number;
}

export type ProjectionEvent =
  | { type: 'stage'; stage: 'reading' | 'pca' | 'training' | 'layout' | 'quality'; detail: string }
  | { type: 'epoch'; epoch: number; epochs: number; loss: LossParts }
  /** the GPU was lost mid-training: the epochs from `epoch` on run on `backend` */
  | { type: 'gpu-lost'; epoch: number; backend: string; reason: string };

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
  /** tfjs backends to time autoencoder epochs on ('auto': the one training would pick); the first trains the layout measured */
  backends: string[];
  /** PCA routes to time; the first feeds the layouts */
  pcaRoutes: PcaRoute[];
  /** UMAP only up to this many frames (umap-js is slow beyond) */
  umapMax: number;
  seed: number;
  /** test build: destroy the WebGPU device after this epoch (the recovery path, on a real lost device) */
  loseDeviceAt?: number;
}

export interface BenchMethodResult {
  method: LayoutMethod;
  seconds: number;
  trustworthiness: number;
  continuity: number;
  recall: number;
  sameVideo: number;
}

export interface PcaBench {
  route: PcaRoute;
  passes: number;
  seconds: number;
  /** of which in the matrix products, and waiting for feature chunks */
  productSeconds: number;
  readSeconds: number;
  retained: number;
}

export interface AeBench {
  backend: string;
  secondsPerEpoch: number;
  /** epochs trained (all of them, also where the GPU was lost) */
  epochs?: number;
  /** the GPU was lost before this epoch, which went on on `finishedOn` */
  lostAt?: number;
  finishedOn?: string;
}

export interface BenchResult {
  frames: number;
  dim: number;
  pcaDim: number;
  /** where PCA's products ran */
  engine: string;
  /** seconds to write the synthetic features to OPFS (not part of any timing) */
  writeSeconds: number;
  pca: PcaBench[];
  ae: AeBench[];
  /** the start-up measurement that picks the training backend: ms of a few batches each */
  backendTimings: BackendTiming[];
  methods: BenchMethodResult[];
}

export type ProjectionProtocol = {
  /** synthetic-data benchmark of PCA routes, training backends and layout quality */
  bench: Endpoint<BenchRequest, BenchResult, ProjectionEvent>;
  train: Endpoint<TrainRequest, LayoutMeta, ProjectionEvent>;
  /** append new videos to a trained layout with its encoder (no retraining) */
  place: Endpoint<PlaceRequest, LayoutMeta, never>;
  /** finish training after the current epoch, keeping what was learnt */
  stop: Endpoint<null, null, never>;
};
