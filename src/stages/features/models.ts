// The model manifest (public/models/models.json) and the models the app can use.
import type { InputScaling } from './convert/kerasToOnnx';

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
}
