import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/** Heavy engines: only workers may load them. */
const ENGINES = ['@tensorflow/**', 'onnxruntime-web', 'onnxruntime-web/**', '@ffmpeg/**', 'h5wasm', 'h5wasm/**', '@vladmandic/**'];
const ENGINE_PREFIXES = '@tensorflow.|onnxruntime-web|@ffmpeg.|h5wasm|@vladmandic.'; // esquery regex: no slashes
/** Modules (under src/, no extension) that import an engine for a worker; nothing else imports them. */
const ENGINE_HELPERS = ['core/ortRuntime', 'core/tfjsWasm', 'stages/detect/humanDetector', 'stages/projection/autoencoder', 'stages/projection/tfBackend', 'stages/projection/resilientTraining', 'stages/ingest/ffmpegCore'];

export default ts.config(
  { ignores: ['dist/', 'dist-*/', 'public/viewer/', 'node_modules/', 'test-results/', 'test-results-*/', 'playwright-report/', 'e2e/.fixtures/', 'bench/.out/', 'reports/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, __TEST_API__: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  // House boundaries (docs/ARCHITECTURE.md): only storage/ touches OPFS/IndexedDB,
  // workers never reach into the UI or its state.
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['src/storage/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'navigator', property: 'storage', message: 'Only src/storage/ touches OPFS.' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['idb-keyval'], message: 'Only src/storage/ touches IndexedDB.' }] }],
    },
  },
  {
    files: ['src/**/*.worker.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/ui/**', '**/state/**'], message: 'Workers never import ui/ or state/.' }] }],
    },
  },
  // Engines stay off the main thread: tfjs, onnxruntime-web, ffmpeg.wasm and h5wasm are imported only by
  // workers, by the helpers below (which only workers import) and by Node tests. scripts/check-bundle.ts
  // checks the built main chunk for the same.
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['src/**/*.worker.ts', 'src/**/*.test.ts', ...ENGINE_HELPERS.map((h) => `src/${h}.ts`)],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ENGINES, allowTypeImports: true, message: 'Engines are imported only in workers (*.worker.ts) and their helpers (eslint.config.js ENGINE_HELPERS).' },
          { group: ENGINE_HELPERS.map((h) => `**/${h.split('/').pop()}`), allowTypeImports: true, message: 'This module imports an engine: only workers import it. Move what the main thread needs to an engine-free module.' },
        ],
      }],
      'no-restricted-syntax': ['error', {
        selector: `ImportExpression[source.value=/^(${ENGINE_PREFIXES})/]`,
        message: 'Engines are imported only in workers (*.worker.ts) and their helpers.',
      }],
    },
  },
);
