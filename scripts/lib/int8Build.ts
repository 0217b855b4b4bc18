// Static int8 builds of the bundled models (docs/decisions/0010): activation
// ranges measured in onnxruntime-node on calibration photographs, kept in the
// repository, and the QDQ graph built from them at install.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { kerasToOnnx, type ConvertOptions } from '../../src/stages/features/convert/kerasToOnnx';
import { observe, type Ranges } from '../../src/stages/features/convert/int8';
import type { KerasLayer } from '../../src/stages/features/convert/keras';
import type { WeightMap } from '../../src/stages/features/convert/weights';
import { toNchw } from '../../src/stages/features/convert/testing';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const calibrationFile = (id: string): string => join(root, 'src/stages/features/calibration', `${id}.json`);

export function readRanges(id: string): Ranges {
  return (JSON.parse(readFileSync(calibrationFile(id), 'utf8')) as { ranges: Ranges }).ranges;
}

/** Every quantisation point's [min, max] over the images (NHWC RGB 0–255, one at a time: the probes are large). */
export async function calibrate(layers: readonly KerasLayer[], weights: WeightMap, opts: ConvertOptions, images: Float32Array[]): Promise<Ranges> {
  const probe = kerasToOnnx(layers, weights, { ...opts, probe: true });
  const session = await ort.InferenceSession.create(probe.onnx);
  const ranges: Ranges = {};
  const s = opts.inputSize;
  for (const image of images) {
    const out = await session.run({ pixels: new ort.Tensor('float32', toNchw(image, 1, s), [1, 3, s, s]) });
    observe(ranges, probe.probes!, session.outputNames.slice(1).map((n) => out[n]!.data as Float32Array));
  }
  await session.release();
  return ranges;
}
