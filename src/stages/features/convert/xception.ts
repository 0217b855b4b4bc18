// Xception ImageNet weights (.h5) → ONNX: shared by `npm run model:xception`
// (Node) and "Load model file" (browser, in the features worker).
import { AppError } from '../../../core/errors';
import { readKerasH5, type H5Module } from './h5Weights';
import { kerasToOnnx, type Converted } from './kerasToOnnx';
import { XCEPTION_FEATURE_DIM, xceptionLayers, xceptionWeightShapes } from './xceptionTopology';

export const XCEPTION_INPUT = 299;

export function convertXceptionH5(h5: H5Module, path: string): Converted {
  let weights;
  try {
    weights = readKerasH5(h5, path);
  } catch (e) {
    if (e instanceof AppError) throw e; // already says what is wrong with the file
    throw new AppError('model-load', 'features', `not a Keras weights file (${AppError.from(e, 'features').message})`, { cause: e });
  }
  for (const [name, shape] of xceptionWeightShapes()) {
    const w = weights.get(name);
    if (!w) throw new AppError('model-load', 'features', `not the Xception ImageNet weights: ${name} is missing (expected xception_weights_tf_dim_ordering_tf_kernels_notop.h5)`);
    if (w.shape.join('×') !== shape.join('×')) throw new AppError('model-load', 'features', `not the Xception ImageNet weights: ${name} is ${w.shape.join('×')}, expected ${shape.join('×')}`);
  }
  return kerasToOnnx(xceptionLayers(XCEPTION_INPUT), weights, {
    inputSize: XCEPTION_INPUT, scaling: 'minus-one-one', outputLayer: 'avg_pool', pool: true,
    meta: { model_id: 'xception', source: 'keras-applications xception notop .h5' },
  });
}

export { XCEPTION_FEATURE_DIM };
