/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// COOP/COEP make the page crossOriginIsolated: SharedArrayBuffer, and so the
// multi-threaded ffmpeg core. Any static host must send the same two headers.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte()],
  server: { headers: isolation },
  preview: { headers: isolation, port: 4173, strictPort: true },
  worker: { format: 'es' },
  // ffmpeg cores are loaded by URL inside the worker, never pre-bundled.
  optimizeDeps: { exclude: ['@ffmpeg/core', '@ffmpeg/core-mt'] },
  // No data: URLs: the ffmpeg pthread worker must load from our origin (COEP).
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, assetsInlineLimit: 0 },
  test: { include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node' },
});
