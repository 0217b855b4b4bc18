/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Connect, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

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

/**
 * The published atlas's viewer (vite.viewer.config.ts) is built first into public/viewer/, so every build of the app
 * (and the dev server) carries the viewer its publisher packs.
 */
function viewer(): Plugin {
  let built: Promise<unknown> | null = null;
  const buildViewer = () => (built ??= build({ configFile: 'vite.viewer.config.ts' }));
  return {
    name: 'frame-atlas:viewer',
    buildStart: async () => void (await buildViewer()),
    configureServer: async () => void (process.env.VITEST ? null : await buildViewer()),
  };
}

/**
 * Installable and offline (src/ui/offline.ts): a web app manifest, and a service worker (Workbox) that precaches the
 * whole build, ffmpeg cores, onnxruntime/tfjs wasm and the bundled models included, so the app starts and ingests
 * with the network off. A new version's worker waits until every tab of the old one is closed: a running page never
 * mixes the assets of two builds, and the next start runs the new one.
 */
const offline = () =>
  VitePWA({
    injectRegister: false,
    registerType: 'prompt',
    includeAssets: ['favicon.svg', 'icons/*.png'],
    manifest: {
      name: 'Frame Atlas',
      short_name: 'Frame Atlas',
      description: 'A zoomable map of the frames of your videos, made entirely in your browser.',
      start_url: '.',
      scope: '.',
      display: 'standalone',
      background_color: '#111418',
      theme_color: '#111418',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,wasm,onnx,json,bin,svg,png,webmanifest}'],
      // the e2e build's production copy (/prod/) has its own worker
      globIgnores: ['prod/**'],
      // the ffmpeg core's wasm is about 32 MB
      maximumFileSizeToCacheInBytes: 64 * 2 ** 20,
      navigateFallback: 'index.html',
      cleanupOutdatedCaches: true,
    },
  });

export default defineConfig(({ mode }) => ({
  // The test API and benchmark handlers exist only in `--mode e2e` builds (src/core/testBuild.ts).
  define: { __TEST_API__: JSON.stringify(mode === 'e2e'), __BUILD_ID__: JSON.stringify(String(Date.now())) },
  plugins: [viewer(), svelte(), contentTypes(), offline()],
  server: { headers },
  // A busy 4173 is not an error for `npm start`: Vite says so and serves on the next free port (e2e asks --strictPort).
  preview: { headers, port: 4173, strictPort: false },
  worker: { format: 'es' },
  // Human's tfjs-free build (it shares our tfjs) is listed in its package's exports without the "./" Node's resolvers need.
  resolve: { alias: { '@vladmandic/human/dist/human.esm-nobundle.js': fileURLToPath(new URL('node_modules/@vladmandic/human/dist/human.esm-nobundle.js', import.meta.url)) } },
  // ffmpeg cores are loaded by URL inside the worker, never pre-bundled.
  optimizeDeps: { exclude: ['@ffmpeg/core', '@ffmpeg/core-mt'] },
  // No data: URLs: the ffmpeg pthread worker must load from our origin (COEP).
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, assetsInlineLimit: 0 },
  test: { include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node' },
}));
