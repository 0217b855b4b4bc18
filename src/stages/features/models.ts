// The model manifest (public/models/models.json) and its types.
import type { InputScaling } from './convert/kerasToOnnx';

export interface ModelSpecBase {
  id: string;
  name: string;
  inputSize: number;
  scaling: InputScaling;
  preprocessing: string;
  output: { layer: string; pool: boolean };
  /** per square crop; a wide frame gives twice this (left + right) */
  featureDim: number;
  weights: string;
  licence: string;
  /** why this layer (see docs/decisions/0003) */
  descriptor?: string;
}

export interface BundledModelSpec extends ModelSpecBase {
  file: string;
  source: { package: string; path: string };
}

export interface ModelManifest {
  models: BundledModelSpec[];
}
