import * as ort from 'onnxruntime-web';
import { it } from 'vitest';
import { streamedPca } from './stages/projection/pca';
import { OrtProducts } from './core/products/productsOrt';
import type { Products } from './core/products/products';
it('prof', async () => {
  ort.env.wasm.numThreads = 1;
  const base = new OrtProducts(ort, 'wasm', 'wasm');
  let inProducts = 0;
  const timed: Products = {
    name: 'timed',
    times: async (...a) => { const t = performance.now(); const r = await base.times(...a); inProducts += performance.now() - t; return r; },
    gramTimes: async (...a) => { const t = performance.now(); const r = await base.gramTimes(...a); inProducts += performance.now() - t; return r; },
    gram: async (...a) => { const t = performance.now(); const r = await base.gram(...a); inProducts += performance.now() - t; return r; },
    dispose: () => base.dispose(),
  };
  const n = 4096, d = 4096, m = 2048;
  const chunk = Float32Array.from({ length: m * d }, (_, i) => Math.sin(i * 0.37) + (i % 7));
  const t0 = performance.now();
  const marks: string[] = [];
  await streamedPca(async (visit) => { for (let s = 0; s < n; s += m) await visit(chunk, m); }, n, d, 256, timed, { route: 'randomized', onPass: (p) => marks.push(`pass ${p} at ${(performance.now() - t0).toFixed(0)} (products ${inProducts.toFixed(0)})`) });
  console.log(marks.join('\n'), '\ntotal', (performance.now() - t0).toFixed(0), 'products', inProducts.toFixed(0));
}, 600_000);
