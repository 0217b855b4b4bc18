// Which layer of the bundled models gives the best general descriptor?
// Same-scene retrieval on real photographs (4 views each), per candidate layer.
// npm run measure:descriptors
import { kerasToOnnx } from '../src/stages/features/convert/kerasToOnnx';
import { readTfjsModel } from '../src/stages/features/convert/tfjsModel';
import { loadPackagedModel } from '../src/stages/features/convert/nsfwjsPackage';
import { retrievalScores } from '../src/stages/features/retrieval';
import { readManifest } from './build-models';
import { isBundled } from '../src/stages/features/models';
import { embed } from './lib/onnxNode';
import { availablePhotos, photoViews, PHOTO_PACKAGES } from './lib/photos';

const CANDIDATES: Record<string, string[]> = {
  inceptionv3: ['mixed4', 'mixed5', 'mixed6', 'mixed7', 'mixed8', 'mixed9', 'average_pooling2d_10'],
  mobilenetv2: ['block_13_expand_relu', 'block_16_project_BN', 'out_relu', 'average_pooling2d_1'],
};

const photos = availablePhotos();
if (photos.length < 8) throw new Error(`need the photo packages: apt-get install ${PHOTO_PACKAGES}`);
console.log(`${photos.length} photos × 4 views; leave-one-out same-scene retrieval (cosine)`);
console.log(`${'model/layer'.padEnd(36)} ${'dim'.padStart(5)} ${'P@1'.padStart(6)} ${'P@3'.padStart(6)} ${'mAP'.padStart(6)} ${'margin'.padStart(7)}`);
for (const spec of readManifest().models.filter(isBundled)) {
  const { json, shards } = loadPackagedModel(spec);
  const { layers, weights } = readTfjsModel(json, shards);
  const views = photos.map((p) => photoViews(p, spec.inputSize));
  const labels = views.flatMap((v, i) => v.map(() => String(i)));
  for (const layer of CANDIDATES[spec.id] ?? [spec.output.layer]) {
    if (!layers.some((l) => l.name === layer)) continue;
    const r = kerasToOnnx(layers, weights, { inputSize: spec.inputSize, scaling: spec.scaling, outputLayer: layer, pool: true });
    const s = retrievalScores(await embed(r.onnx, views.flat(), spec.inputSize), labels);
    const f = (x: number) => x.toFixed(3).padStart(6);
    console.log(`${`${spec.id}/${layer}`.padEnd(36)} ${String(r.featureDim).padStart(5)} ${f(s.precisionAt1)} ${f(s.precisionAtK)} ${f(s.meanAveragePrecision)} ${s.margin.toFixed(3).padStart(7)}`);
  }
}
