// The model manifest (public/models/models.json) and the models the app can use.
import type { InputScaling } from './convert/kerasToOnnx';
import type { ConvertedModel, TextSide } from './features.protocol';
import { describeInput, isClipLayout, type ImageModelDescriptor } from './imageModel';

export interface ModelSpec {
  id: string;
  name: string;
  /** file under public/models/ */
  file: string;
  inputSize: number;
  scaling: InputScaling;
  preprocessing: string;
  output: { layer: string; pool: boolean };
  /** per square crop; a frame vector has twice this (left + right) */
  featureDim: number;
  /** built at install from an npm package, or (optional) from a file the user provides */
  source: { package: string; path: string } | { userFile: string };
  optional?: boolean;
  weights: string;
  licence: string;
  /** why this layer (docs/decisions/0003) */
  descriptor?: string;
  /**
   * File of a static int8 build that WebAssembly runs instead (docs/decisions/0010): built at install from
   * the ranges in src/stages/features/calibration/<id>.json (npm run calibrate:int8).
   */
  int8?: string;
}

export interface BundledModelSpec extends ModelSpec {
  source: { package: string; path: string };
}

export interface ModelManifest {
  models: ModelSpec[];
}

export const isBundled = (m: ModelSpec): m is BundledModelSpec => 'package' in m.source;

/** A model ready to run: its bytes at a same-origin URL or in OPFS ("opfs:<file>"). */
export interface AvailableModel extends ModelSpec {
  url: string;
  /** the installed int8 build, for WebAssembly */
  cpuUrl?: string;
  origin: 'bundled' | 'user';
  /** a loaded ONNX image model's input and output (imageModel.ts) */
  imageDescriptor?: ImageModelDescriptor;
  /** bytes stored in OPFS, for models the user loaded */
  storedBytes?: number;
  /** a CLIP pair's text side: search by words */
  text?: TextSide;
  kind?: 'image' | 'clip-pair' | 'video';
}

/** A loaded ONNX image model as the model list shows and runs it. */
export function userImageModel(m: ConvertedModel & { image: NonNullable<ConvertedModel['image']> }): AvailableModel {
  const d = m.image.descriptor;
  return {
    id: m.id, name: m.image.name, file: m.file, inputSize: m.inputSize, scaling: 'zero-one', preprocessing: describeInput(d),
    output: { layer: d.output, pool: true }, featureDim: m.featureDim, source: { userFile: m.image.source },
    weights: `your file ${m.image.source}`, licence: 'as its source says (a file you loaded)',
    url: `opfs:${m.file}`, origin: 'user', imageDescriptor: d, storedBytes: m.bytes + (m.text?.bytes ?? 0), kind: m.text ? 'clip-pair' : isClipLayout(d.layout) ? 'video' : 'image',
    text: m.text && {
      url: `opfs:${m.text.file}`, tokenizerUrl: `opfs:${m.text.tokenizer}`, configUrl: m.text.tokenizerConfig && `opfs:${m.text.tokenizerConfig}`, tower: m.text.tower, padId: m.text.padId,
    },
  };
}
