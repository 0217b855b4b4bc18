// npm run model:xception -- <path or URL of xception_weights_tf_dim_ordering_tf_kernels_notop.h5>
// Converts Keras' Xception ImageNet weights into public/models/xception.onnx
// (the app then offers Xception; "auto" picks it on a hardware GPU).
import * as h5wasm from 'h5wasm/node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { H5Module } from '../src/stages/features/convert/h5Weights';
import { convertXceptionH5 } from '../src/stages/features/convert/xception';
import { writeInstalledList } from './build-models';

const arg = process.argv[2];
if (!arg) {
  console.error('usage: npm run model:xception -- <path or URL of xception_weights_tf_dim_ordering_tf_kernels_notop.h5>');
  process.exit(2);
}
await h5wasm.ready;
let path = resolve(arg);
if (/^https?:\/\//.test(arg)) {
  console.log(`downloading ${arg}…`);
  const res = await fetch(arg);
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${arg}`);
  path = join(mkdtempSync(join(tmpdir(), 'xception-')), 'weights.h5');
  writeFileSync(path, new Uint8Array(await res.arrayBuffer()));
}
const t0 = performance.now();
const r = convertXceptionH5(h5wasm as unknown as H5Module, path);
const out = resolve('public/models/xception.onnx');
writeFileSync(out, r.onnx);
writeInstalledList();
console.log(`wrote ${out}: ${(r.onnx.length / 1e6).toFixed(1)} MB, ${r.featureDim}-d per crop, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
