// npm run calibrate:int8 — measures the activation ranges of each bundled model
// that has an int8 build (models.json "int8") on the calibration photographs
// (Debian's mate-backgrounds and ukui-wallpapers) and writes
// src/stages/features/calibration/<id>.json, which the install step builds from.
// Re-run when a model, its output layer or the converter changes.
import { writeFileSync } from 'node:fs';
import { isBundled } from '../src/stages/features/models';
import { calibrate, calibrationFile } from './lib/int8Build';
import { calibrationViews } from './lib/photos';
import { loadNsfwjsModel, readManifest } from './build-models';

for (const spec of readManifest().models.filter(isBundled).filter((m) => m.int8)) {
  const { layers, weights } = loadNsfwjsModel(spec);
  const images = calibrationViews(spec.inputSize);
  const ranges = await calibrate(layers, weights, { inputSize: spec.inputSize, scaling: spec.scaling, outputLayer: spec.output.layer, pool: spec.output.pool }, images);
  const round = (v: number) => Number(v.toPrecision(6));
  const comment = `Activation [min, max] per Keras layer of ${spec.id} up to ${spec.output.layer}, over ${images.length} calibration views (npm run calibrate:int8).`;
  const lines = Object.entries(ranges).map(([k, [lo, hi]]) => `    ${JSON.stringify(k)}: [${round(lo)}, ${round(hi)}]`);
  writeFileSync(calibrationFile(spec.id), `{\n  "$comment": ${JSON.stringify(comment)},\n  "ranges": {\n${lines.join(',\n')}\n  }\n}\n`);
  console.log(`calibration: ${spec.id}: ${Object.keys(ranges).length} ranges from ${images.length} views`);
}
