// Reads a tfjs layers-format model (model.json + weight shards) into the
// converter's inputs. The nsfwjs package ships its models this way, with the
// JSON and each shard wrapped in a UMD module (base64 for the shards).
import { concat } from '../../../core/concat';
import type { KerasLayer } from './keras';
import { decodeTfjsWeights, type WeightMap } from './weights';

export interface TfjsModelJson {
  modelTopology: { model_config?: { config: { layers: KerasLayer[] } }; config?: { layers: KerasLayer[] } };
  weightsManifest: { paths: string[]; weights: Parameters<typeof decodeTfjsWeights>[0] }[];
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** @param shards the weight files' bytes, in manifest order */
export function readTfjsModel(json: TfjsModelJson, shards: Uint8Array[]): { layers: KerasLayer[]; weights: WeightMap } {
  const topo = json.modelTopology;
  const layers = (topo.model_config ?? topo).config?.layers;
  if (!layers) throw new Error('not a Keras functional model');
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  return { layers, weights: decodeTfjsWeights(specs, concat(Uint8Array, shards).buffer) };
}
