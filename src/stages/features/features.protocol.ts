// Messages between the features client and features.worker.
import type { VideoId } from '../../core/ids';
import type { Endpoint } from '../../rpc/workerRpc';
import type { Backend, GpuProbe } from './backendChoice';
import type { GraphShapes, ImageModelDescriptor } from './imageModel';

export interface ModelRef {
  id: string;
  /** same-origin URL of the .onnx file, or "opfs:<name>" for a model the user loaded */
  url: string;
  /** the int8 build WebAssembly runs instead, where there is one (docs/decisions/0010) */
  cpuUrl?: string;
  inputSize: number;
  /** per crop; stored frame vectors have twice this */
  featureDim: number;
  /** how a loaded ONNX image model takes its input and gives its descriptor; bundled models: RGB 0–255 NCHW squares */
  descriptor?: ImageModelDescriptor;
}

export interface ExtractJob {
  videoId: VideoId;
  /** MIME type of the stored frames */
  mime: string;
  model: ModelRef;
  backend: Backend;
  /** frames per inference batch (two crops each): bounds GPU memory */
  batch: number;
}

export type FeaturesEvent =
  | { type: 'ready'; backend: Backend; loadMs: number }
  | { type: 'progress'; done: number; total: number }
  | { type: 'fallback'; reason: string };

export interface ExtractResult {
  done: number;
  backend: Backend;
}

export interface EmbedRequest {
  videoId: VideoId;
  mime: string;
  model: ModelRef;
  backend: Backend;
  indices: number[];
}

export interface EmbedImagesRequest {
  /** encoded images of any size */
  images: Blob[];
  model: ModelRef;
  backend: Backend;
  batch: number;
}

export interface ConvertedModel {
  id: string;
  /** file name in OPFS /models */
  file: string;
  bytes: number;
  featureDim: number;
  inputSize: number;
  convertedAt: number;
  /** an ONNX image model the person loaded (imageModel.ts); absent for the converted Xception */
  image?: {
    name: string;
    /** the file it came from */
    source: string;
    descriptor: ImageModelDescriptor;
  };
}

/** What a dropped ONNX file's graph says, before the person confirms its descriptor. */
export interface InspectedModel {
  graph: GraphShapes;
  descriptor: ImageModelDescriptor;
  notes: string[];
  bytes: number;
}

export type FeaturesProtocol = {
  /** a Keras .h5 the user picked → ONNX in OPFS, converted in this worker */
  convert: Endpoint<{ file: File }, ConvertedModel, { stage: 'reading' | 'converting' | 'saving' }>;
  /** an ONNX file's inputs and outputs, and the descriptor they suggest (refused when it is no image model) */
  inspectModel: Endpoint<{ file: File }, InspectedModel, never>;
  /** the ONNX file checked with the confirmed descriptor (a test inference on a blank input) and stored */
  installModel: Endpoint<{ file: File; name: string; descriptor: ImageModelDescriptor }, ConvertedModel, never>;
  probe: Endpoint<null, GpuProbe, never>;
  extract: Endpoint<ExtractJob, ExtractResult, FeaturesEvent>;
  /** frame vectors computed now, not stored (backend comparisons, benchmarks) */
  embed: Endpoint<EmbedRequest, { vectors: Float32Array[]; backend: Backend }, never>;
  /** vectors of images outside the library (search queries) */
  embedImages: Endpoint<EmbedImagesRequest, { vectors: Float32Array[]; backend: Backend }, { done: number; total: number }>;
};
