// Keras HDF5 weight files (model.save_weights / the keras-applications
// "notop" downloads), read and written with h5wasm. The h5wasm module is
// passed in: 'h5wasm/node' in Node, 'h5wasm' in the browser.
import { AppError } from '../../../core/errors';
import type { WeightMap } from './weights';

/** The slice of h5wasm's API used here. */
export interface H5Module {
  File: new (name: string, mode: 'r' | 'w') => H5Group & { close(): unknown };
}
interface H5Attr {
  value: unknown;
}
interface H5Group {
  attrs: Record<string, H5Attr>;
  get(path: string): (H5Group & { value?: unknown; shape?: number[] | null }) | null;
  create_group(name: string): H5Group;
  create_attribute(name: string, data: string[]): void;
  create_dataset(args: { name: string; data: Float32Array; shape: number[]; dtype: string }): unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** Keras numbers unnamed layers per session (conv2d, conv2d_1 … or conv2d_1, conv2d_2 …): renumber them 1…n in file order. */
function canonicalNames(layerNames: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const base of ['conv2d', 'batch_normalization']) {
    const re = new RegExp(`^${base}(_\\d+)?$`);
    layerNames.filter((n) => re.test(n)).forEach((n, i) => map.set(n, `${base}_${i + 1}`));
  }
  return map;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when the bytes start an HDF5 file (its superblock sits at 0, 512, 1024, 2048… after a user block). */
export function hasHdf5Signature(bytes: Uint8Array): boolean {
  for (let at = 0; at + HDF5_SIGNATURE.length <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (HDF5_SIGNATURE.every((b, k) => bytes[at + k] === b)) return true;
  }
  return false;
}

export function readKerasH5(h5: H5Module, path: string): WeightMap {
  const f = new h5.File(path, 'r');
  try {
    // Whole-model files keep the weights under /model_weights.
    const root = f.get('model_weights') ?? f;
    const layerNames = strings(root.attrs['layer_names']?.value);
    if (!layerNames.length) throw new AppError('model-load', 'features', 'not a Keras weights file (no layer_names attribute)');
    const rename = canonicalNames(layerNames);
    const map: WeightMap = new Map();
    for (const layer of layerNames) {
      const g = root.get(layer);
      if (!g) continue;
      for (const wn of strings(g.attrs['weight_names']?.value)) {
        const ds = g.get(wn);
        if (!ds?.value || !ds.shape) throw new AppError('model-load', 'features', `missing dataset ${layer}/${wn}`);
        const param = wn.split('/').pop()!.replace(/:\d+$/, '');
        map.set(`${rename.get(layer) ?? layer}/${param}`, { shape: [...ds.shape], data: Float32Array.from(ds.value as ArrayLike<number>) });
      }
    }
    return map;
  } finally {
    f.close();
  }
}

/** Writes weights the way Keras does (used by tests to make synthetic weight files). */
export function writeKerasH5(h5: H5Module, path: string, layerOrder: string[], weights: WeightMap): void {
  const f = new h5.File(path, 'w');
  try {
    const layers = layerOrder.filter((l) => [...weights.keys()].some((k) => k.startsWith(`${l}/`)));
    f.create_attribute('layer_names', layers);
    f.create_attribute('backend', ['tensorflow']);
    for (const layer of layers) {
      const g = f.create_group(layer);
      const inner = g.create_group(layer); // Keras nests: /<layer>/<layer>/kernel:0
      const names: string[] = [];
      for (const [key, w] of weights) {
        if (!key.startsWith(`${layer}/`) || !('data' in w)) continue;
        const param = `${key.slice(layer.length + 1)}:0`;
        names.push(`${layer}/${param}`);
        inner.create_dataset({ name: param, data: w.data, shape: w.shape, dtype: '<f' });
      }
      g.create_attribute('weight_names', names);
    }
  } finally {
    f.close();
  }
}
