import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkImports, enginesIn, htmlEntries, mainThreadChunks } from './bundleCheck';

describe('engine markers', () => {
  // The packages' own shipped code: each engine is recognised by the markers the check uses.
  const shipped: [string, string][] = [
    ['tfjs', 'node_modules/@tensorflow/tfjs/dist/tf.min.js'],
    ['onnxruntime-web', 'node_modules/onnxruntime-web/dist/ort.webgpu.bundle.min.mjs'],
    ['ffmpeg.wasm', 'node_modules/@ffmpeg/core/dist/esm/ffmpeg-core.js'],
    ['h5wasm', 'node_modules/h5wasm/dist/esm/hdf5_hl.js'],
  ];
  it.each(shipped)('finds %s in its package', (engine, file) => {
    expect(enginesIn(readFileSync(file, 'utf8')).map((e) => e.engine)).toContain(engine);
  });

  it('finds nothing in the app’s own kind of code', () => {
    expect(enginesIn('const layout = { method: `umap`, model: `inceptionv3` }; new Worker(new URL(`/assets/ingest.worker-x.js`, import.meta.url));')).toEqual([]);
  });
});

describe('main-thread chunks', () => {
  it('reads the module entry and preloads from index.html', () => {
    const html = '<script type="module" crossorigin src="/assets/index-a.js"></script><link rel="modulepreload" href="/assets/dep-b.js"><link rel="stylesheet" href="/assets/index.css"><script src="https://x.test/a.js"></script>';
    expect(htmlEntries(html)).toEqual(['assets/index-a.js', 'assets/dep-b.js']);
  });

  it('follows static and dynamic imports, not worker URLs', () => {
    const code = 'import{a as b}from"./dep-b.js";import`./side.js`;const w=new Worker(new URL(`/assets/tiles.worker-c.js`,import.meta.url));__vitePreload(()=>import(`./lazy-d.js`),__vite__mapDeps([0]));function __vite__mapDeps(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/lazy-d.js","assets/lazy-e.js"])))';
    expect(chunkImports(code, 'assets/index-a.js')).toEqual({ static: ['assets/dep-b.js', 'assets/side.js'], lazy: ['assets/lazy-d.js', 'assets/lazy-e.js'] });
  });

  it('walks the graph: initial chunks, then what they load later', () => {
    const files: Record<string, string> = {
      'index.html': '<script type="module" src="/assets/index-a.js"></script>',
      'assets/index-a.js': 'import"./dep-b.js";import(`./lazy-c.js`);new URL(`/assets/x.worker-w.js`,import.meta.url)',
      'assets/dep-b.js': 'export const b=1',
      'assets/lazy-c.js': 'import"./dep-b.js";import"./lazy-dep-d.js"',
      'assets/lazy-dep-d.js': '',
    };
    expect(mainThreadChunks(files['index.html']!, (p) => files[p]!)).toEqual({ initial: ['assets/index-a.js', 'assets/dep-b.js'], lazy: ['assets/lazy-c.js', 'assets/lazy-dep-d.js'] });
  });
});
