// Features mean something: views of the same real photograph are nearer than
// views of different photographs, for each bundled model (figures: decision 0003).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kerasToOnnx } from '../src/stages/features/convert/kerasToOnnx';
import { loadPackagedModel } from '../src/stages/features/convert/nsfwjsPackage';
import { readTfjsModel } from '../src/stages/features/convert/tfjsModel';
import { isBundled, type ModelManifest } from '../src/stages/features/models';
import { retrievalScores } from '../src/stages/features/retrieval';
import { embed } from './lib/onnxNode';
import { availablePhotos, photoViews, PHOTO_PACKAGES } from './lib/photos';

const manifest = JSON.parse(readFileSync('public/models/models.json', 'utf8')) as ModelManifest;

describe.each(manifest.models.filter(isBundled).map((m) => [m.id, m] as const))('%s descriptors on real photographs', (_id, spec) => {
  it('find other views of the same scene', async () => {
    const photos = availablePhotos();
    expect(photos.length, `install the photo packages: apt-get install ${PHOTO_PACKAGES}`).toBeGreaterThanOrEqual(12);
    const { json, shards } = loadPackagedModel(spec);
    const { layers, weights } = readTfjsModel(json, shards);
    const r = kerasToOnnx(layers, weights, { inputSize: spec.inputSize, scaling: spec.scaling, outputLayer: spec.output.layer, pool: spec.output.pool });
    const views = photos.map((p) => photoViews(p, spec.inputSize));
    const labels = views.flatMap((v, i) => v.map(() => String(i)));
    const s = retrievalScores(await embed(r.onnx, views.flat(), spec.inputSize), labels);
    console.log(`${spec.id}: ${photos.length} photos × ${views[0]!.length} views: P@1 ${s.precisionAt1.toFixed(3)}, P@3 ${s.precisionAtK.toFixed(3)}, mAP ${s.meanAveragePrecision.toFixed(3)}, margin ${s.margin.toFixed(3)}`);
    expect(s.margin).toBeGreaterThan(0.03); // same scene nearer than different scenes, on average
    expect(s.precisionAt1).toBeGreaterThanOrEqual(0.8); // chance: 3 / 71 ≈ 0.04
    expect(s.meanAveragePrecision).toBeGreaterThanOrEqual(0.65);
  }, 240_000);
});
