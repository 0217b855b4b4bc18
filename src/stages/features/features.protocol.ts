// Messages between the features client and features.worker.
import type { VideoId } from '../../core/ids';
import type { Endpoint } from '../../rpc/workerRpc';
import type { Backend, GpuProbe } from './backendChoice';
import type { GraphShapes, ImageModelDescriptor } from './imageModel';
import type { TextTower } from './clipPair';

/** A CLIP pair's text side as stored: its tower, its tokenizer (and config) and the id that pads a query. */
export interface TextSide {
  /** "opfs:<name>" of the text tower */
  url: string;
  tokenizerUrl: string;
  configUrl: string | null;
  tower: TextTower;
  padId: number;
}

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
  /** a CLIP pair's text tower: queries in words */
  text?: TextSide;
}

export interface ExtractJob {
  videoId: VideoId;
  /** MIME type of the stored frames */
  mime: string;
  model: ModelRef;
  backend: Backend;
  /** frames per inference batch (two crops each): bounds GPU memory */
  batch: number;
  /** the pack is complete (not growing): a clip model may embed a short last window */
  complete?: boolean;
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
    /** the file it came from (the vision tower's, for a pair) */
    source: string;
    descriptor: ImageModelDescriptor;
    kind?: 'image' | 'clip-pair' | 'video';
  };
  /** a CLIP pair's text side (stored names: the text tower, tokenizer.json and tokenizer_config.json as .tok files) */
  text?: { file: string; tokenizer: string; tokenizerConfig: string | null; tower: TextTower; padId: number; bytes: number };
}

/** What a dropped ONNX file's graph says, before the person confirms its descriptor. */
export interface InspectedModel {
  /** the (vision) graph the descriptor is for */
  graph: GraphShapes;
  descriptor: ImageModelDescriptor;
  notes: string[];
  bytes: number;
  /** dropped files that make a CLIP pair: which is the text tower, and its tokenizer */
  pair?: { textFile: string; visionFile: string; tokenizerFile: string; tower: TextTower; vocabulary: number };
}

export type FeaturesProtocol = {
  /** a Keras .h5 the user picked → ONNX in OPFS, converted in this worker */
  convert: Endpoint<{ file: File }, ConvertedModel, { stage: 'reading' | 'converting' | 'saving' }>;
  /**
   * One ONNX image model, or a CLIP pair (two ONNX towers and tokenizer.json, maybe tokenizer_config.json and
   * preprocessor_config.json): its inputs and outputs and the descriptor they suggest; refused when it is neither
   */
  inspectModel: Endpoint<{ files: File[] }, InspectedModel, never>;
  /** the files checked with the confirmed descriptor (test inferences on a blank input, and on words) and stored */
  installModel: Endpoint<{ files: File[]; name: string; descriptor: ImageModelDescriptor }, ConvertedModel, never>;
  /** a text query embedded by a CLIP pair's text tower */
  embedText: Endpoint<{ model: ModelRef; text: string }, { vector: Float32Array; tokens: number }, never>;
  probe: Endpoint<null, GpuProbe, never>;
  /** the threads onnxruntime-web starts with in this worker: sent first, before any model runs (setOrtThreads) */
  threads: Endpoint<{ count: number }, null, never>;
  extract: Endpoint<ExtractJob, ExtractResult, FeaturesEvent>;
  /** frame vectors computed now, not stored (backend comparisons, benchmarks) */
  embed: Endpoint<EmbedRequest, { vectors: Float32Array[]; backend: Backend }, never>;
  /** vectors of images outside the library (search queries) */
  embedImages: Endpoint<EmbedImagesRequest, { vectors: Float32Array[]; backend: Backend }, { done: number; total: number }>;
};
