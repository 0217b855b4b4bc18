import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'test-results/', 'test-results-*/', 'playwright-report/', 'e2e/.fixtures/', 'bench/.out/', 'reports/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
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
);
