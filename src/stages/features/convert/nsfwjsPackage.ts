// Node only (install step, tests, benchmarks): reads the Keras models that
// ship inside the nsfwjs npm package. Each file is a UMD module: the model
// JSON as an object, each weight shard as a base64 string.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BundledModelSpec } from '../models';
import { base64ToBytes, type TfjsModelJson } from './tfjsModel';

const require = createRequire(import.meta.url);

/** The installed package's root (its exports hide package.json). */
export function packageRoot(name: string): string {
  let d = dirname(require.resolve(name));
  while (!(existsSync(join(d, 'package.json')) && (JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name?: string }).name === name)) {
    if (dirname(d) === d) throw new Error(`cannot find the ${name} package`);
    d = dirname(d);
  }
  return d;
}

export function loadPackagedModel(spec: Pick<BundledModelSpec, 'source'>): { json: TfjsModelJson; shards: Uint8Array[] } {
  const dir = join(packageRoot(spec.source.package), spec.source.path);
  const json = require(join(dir, 'model.min.js')) as TfjsModelJson;
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => base64ToBytes(require(join(dir, `${p}.min.js`)) as string));
  return { json, shards };
}
