// Install step: builds the bundled feature models (public/models/*.onnx) from
// the Keras models inside the nsfwjs npm package, classifier heads dropped.
// `npm run build:models -- --force` rebuilds even when the files exist.
// Always (re)writes public/models/installed.json, the .onnx files present, so the
// app knows which optional models exist without probing for them.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kerasToOnnx } from '../src/stages/features/convert/kerasToOnnx';
import { readTfjsModel } from '../src/stages/features/convert/tfjsModel';
import { loadPackagedModel } from '../src/stages/features/convert/nsfwjsPackage';
import { isBundled, type ModelManifest, type BundledModelSpec } from '../src/stages/features/models';
import { calibrationFile, readRanges } from './lib/int8Build';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export function loadNsfwjsModel(spec: BundledModelSpec) {
  const { json, shards } = loadPackagedModel(spec);
  return readTfjsModel(json, shards);
}

export function readManifest(): ModelManifest {
  return JSON.parse(readFileSync(join(root, 'public/models/models.json'), 'utf8')) as ModelManifest;
}

/**
 * Writes public/models/installed.json: the .onnx files in public/models (gitignored,
 * like them). The app reads it instead of requesting optional models that may be missing.
 */
export function writeInstalledList(): string[] {
  const dir = join(root, 'public/models');
  const files = readdirSync(dir).filter((f) => f.endsWith('.onnx')).sort();
  const list = { $comment: 'Written by scripts/build-models.ts and scripts/model-xception.ts: the .onnx files in public/models.', files };
  writeFileSync(join(dir, 'installed.json'), `${JSON.stringify(list, null, 2)}\n`);
  return files;
}

/**
 * The detectors' tfjs graph models, copied from @vladmandic/human's tarball into public/models/human/
 * (gitignored), so the app serves (and its service worker caches) them from its own origin.
 */
export const HUMAN_MODELS = ['centernet', 'blazeface', 'facemesh', 'faceres'];

function copyHumanModels(): void {
  const from = join(root, 'node_modules/@vladmandic/human/models');
  const to = join(root, 'public/models/human');
  mkdirSync(to, { recursive: true });
  for (const name of HUMAN_MODELS) {
    for (const file of [`${name}.json`, `${name}.bin`]) {
      const src = join(from, file), dst = join(to, file);
      if (existsSync(dst) && statSync(dst).size === statSync(src).size) continue;
      copyFileSync(src, dst);
      console.log(`models: copied human/${file}`);
    }
  }
}

function main() {
  copyHumanModels();
  const force = process.argv.includes('--force');
  const manifest = readManifest();
  const manifestTime = statSync(join(root, 'public/models/models.json')).mtimeMs;
  for (const spec of manifest.models.filter(isBundled)) {
    // The float graph, and the int8 one WebAssembly runs where the manifest has it (docs/decisions/0010).
    const builds = [{ file: spec.file, int8: false }, ...(spec.int8 ? [{ file: spec.int8, int8: true }] : [])];
    for (const { file, int8 } of builds) {
      const out = join(root, 'public/models', file);
      const sources = [manifestTime, ...(int8 ? [statSync(calibrationFile(spec.id)).mtimeMs] : [])];
      if (!force && existsSync(out) && sources.every((t) => statSync(out).mtimeMs > t)) {
        console.log(`models: ${file} is up to date`);
        continue;
      }
      const t0 = performance.now();
      const { layers, weights } = loadNsfwjsModel(spec);
      const r = kerasToOnnx(layers, weights, {
        inputSize: spec.inputSize, scaling: spec.scaling, outputLayer: spec.output.layer, pool: spec.output.pool,
        int8: int8 ? readRanges(spec.id) : undefined,
        meta: { model_id: spec.id, source: `npm:${spec.source.package}/${spec.source.path}` },
      });
      if (r.featureDim !== spec.featureDim) throw new Error(`${spec.id}: built ${r.featureDim}-d features, models.json says ${spec.featureDim}`);
      writeFileSync(out, r.onnx);
      console.log(`models: built ${file} (${(r.onnx.length / 1e6).toFixed(1)} MB, ${r.featureDim}-d, ${r.nodes} layers${int8 ? ', int8' : ''}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
  console.log(`models: installed.json lists ${writeInstalledList().join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
