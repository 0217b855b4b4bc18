/// <reference types="vitest/config" />
import { defineConfig, type Connect, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// COOP/COEP make the page crossOriginIsolated: SharedArrayBuffer, and so the
// multi-threaded ffmpeg core. Any static host must send the same two headers.
// nosniff: a response is only ever what its Content-Type says (the Content-Security-Policy
// itself is a <meta> in index.html, so static hosts keep it).
const headers = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'X-Content-Type-Options': 'nosniff',
};

/** Types the static server does not know (it would send an empty Content-Type). */
const EXTRA_TYPES: Record<string, string> = { '.onnx': 'application/octet-stream' };

function contentTypes(): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const path = (req.url ?? '').split(/[?#]/)[0]!;
    const type = Object.entries(EXTRA_TYPES).find(([ext]) => path.endsWith(ext))?.[1];
    if (type) res.setHeader('Content-Type', type); // the static server keeps a type set before it
    next();
  };
  return {
    name: 'frame-atlas:content-types',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

export default defineConfig(({ mode }) => ({
  // The test API and benchmark handlers exist only in `--mode e2e` builds (src/core/testBuild.ts).
  define: { __TEST_API__: JSON.stringify(mode === 'e2e') },
  plugins: [svelte(), contentTypes()],
  server: { headers },
  // A busy 4173 is not an error for `npm start`: Vite says so and serves on the next free port (e2e asks --strictPort).
  preview: { headers, port: 4173, strictPort: false },
  worker: { format: 'es' },
  // ffmpeg cores are loaded by URL inside the worker, never pre-bundled.
  optimizeDeps: { exclude: ['@ffmpeg/core', '@ffmpeg/core-mt'] },
  // No data: URLs: the ffmpeg pthread worker must load from our origin (COEP).
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, assetsInlineLimit: 0 },
  test: { include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node' },
}));
