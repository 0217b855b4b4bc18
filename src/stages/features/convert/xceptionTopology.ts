// Keras' Xception (keras_applications/xception.py, include_top=False,
// pooling='avg') as a functional-model layer list, with Keras' own layer
// names so the ImageNet weights file maps onto it. The four unnamed residual
// convolutions get Keras' default names conv2d_1…4 / batch_normalization_1…4
// (h5Weights.ts maps whatever numbering a weights file used onto these).
import type { KerasLayer, KerasModelJson } from './keras';

export const XCEPTION_FEATURE_DIM = 2048;

export function xceptionLayers(inputSize = 299): KerasLayer[] {
  const layers: KerasLayer[] = [];
  const add = (class_name: string, name: string, config: Record<string, unknown>, inputs: string[]): string => {
    layers.push({ class_name, name, config: { name, trainable: true, ...config }, inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0, {}])] : [] });
    return name;
  };
  const conv = (name: string, filters: number, k: number, stride: number, padding: string, x: string) =>
    add('Conv2D', name, { filters, kernel_size: [k, k], strides: [stride, stride], padding, use_bias: false, activation: 'linear', dilation_rate: [1, 1] }, [x]);
  const sep = (name: string, filters: number, x: string) =>
    add('SeparableConv2D', name, { filters, kernel_size: [3, 3], strides: [1, 1], padding: 'same', use_bias: false, depth_multiplier: 1, activation: 'linear', dilation_rate: [1, 1] }, [x]);
  const bn = (name: string, x: string) => add('BatchNormalization', name, { axis: -1, epsilon: 1e-3, momentum: 0.99, center: true, scale: true }, [x]);
  const relu = (name: string, x: string) => add('Activation', name, { activation: 'relu' }, [x]);
  const pool = (name: string, x: string) => add('MaxPooling2D', name, { pool_size: [3, 3], strides: [2, 2], padding: 'same' }, [x]);

  let x = add('InputLayer', 'input_1', { batch_input_shape: [null, inputSize, inputSize, 3], dtype: 'float32', sparse: false }, []);
  x = relu('block1_conv1_act', bn('block1_conv1_bn', conv('block1_conv1', 32, 3, 2, 'valid', x)));
  x = relu('block1_conv2_act', bn('block1_conv2_bn', conv('block1_conv2', 64, 3, 1, 'valid', x)));

  // Entry flow: blocks 2–4 with strided 1×1 residual convolutions.
  const entry: [number, number][] = [[2, 128], [3, 256], [4, 728]];
  entry.forEach(([b, filters], i) => {
    const residual = bn(`batch_normalization_${i + 1}`, conv(`conv2d_${i + 1}`, filters, 1, 2, 'same', x));
    let y = b === 2 ? x : relu(`block${b}_sepconv1_act`, x);
    y = bn(`block${b}_sepconv1_bn`, sep(`block${b}_sepconv1`, filters, y));
    y = relu(`block${b}_sepconv2_act`, y);
    y = bn(`block${b}_sepconv2_bn`, sep(`block${b}_sepconv2`, filters, y));
    y = pool(`block${b}_pool`, y);
    x = add('Add', `add_${i + 1}`, {}, [y, residual]);
  });

  // Middle flow: eight identical residual blocks.
  for (let b = 5; b <= 12; b++) {
    let y = x;
    for (let s = 1; s <= 3; s++) y = bn(`block${b}_sepconv${s}_bn`, sep(`block${b}_sepconv${s}`, 728, relu(`block${b}_sepconv${s}_act`, y)));
    x = add('Add', `add_${b - 1}`, {}, [y, x]);
  }

  // Exit flow.
  const residual = bn('batch_normalization_4', conv('conv2d_4', 1024, 1, 2, 'same', x));
  let y = bn('block13_sepconv1_bn', sep('block13_sepconv1', 728, relu('block13_sepconv1_act', x)));
  y = bn('block13_sepconv2_bn', sep('block13_sepconv2', 1024, relu('block13_sepconv2_act', y)));
  x = add('Add', 'add_12', {}, [pool('block13_pool', y), residual]);
  x = relu('block14_sepconv1_act', bn('block14_sepconv1_bn', sep('block14_sepconv1', 1536, x)));
  x = relu('block14_sepconv2_act', bn('block14_sepconv2_bn', sep('block14_sepconv2', 2048, x)));
  add('GlobalAveragePooling2D', 'avg_pool', { data_format: 'channels_last' }, [x]);
  return layers;
}

/** The same as a Keras model JSON (tfjs-layers builds the reference model from it). */
export function xceptionModelJson(inputSize = 299): KerasModelJson {
  return {
    class_name: 'Model',
    config: { name: 'xception', layers: xceptionLayers(inputSize), input_layers: [['input_1', 0, 0]], output_layers: [['avg_pool', 0, 0]] },
  };
}

/** Weight names and shapes of every layer, as Keras stores them ("layer/param"). */
export function xceptionWeightShapes(): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  const channels = new Map<string, number>([['input_1', 3]]);
  for (const l of xceptionLayers()) {
    const c = l.config;
    const cin = channels.get(l.inbound_nodes[0]?.[0]?.[0] ?? '') ?? 3;
    let cout = cin;
    if (l.class_name === 'Conv2D') {
      const k = (c.kernel_size as number[])[0]!;
      cout = c.filters as number;
      shapes.set(`${l.name}/kernel`, [k, k, cin, cout]);
    } else if (l.class_name === 'SeparableConv2D') {
      cout = c.filters as number;
      shapes.set(`${l.name}/depthwise_kernel`, [3, 3, cin, 1]);
      shapes.set(`${l.name}/pointwise_kernel`, [1, 1, cin, cout]);
    } else if (l.class_name === 'BatchNormalization') {
      for (const p of ['gamma', 'beta', 'moving_mean', 'moving_variance']) shapes.set(`${l.name}/${p}`, [cin]);
    }
    channels.set(l.name, cout);
  }
  return shapes;
}
