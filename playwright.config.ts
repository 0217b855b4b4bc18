import { defineConfig } from '@playwright/test';
import { chromiumPath, CHROMIUM_ARGS } from './e2e/browser';

// E2E_PORT / E2E_OUT let two runs (e.g. two checkouts' work) share a machine without sharing a server.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT = process.env.E2E_OUT ?? 'dist-e2e';

export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.E2E_OUT ? `test-results-${OUT}` : 'test-results',
  globalSetup: './e2e/global-setup.ts',
  // Decoding runs on 2 CPU cores with wasm: generous, and one worker so tests
  // do not fight over the CPU.
  timeout: 240_000,
  expect: { timeout: 120_000 },
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: process.env.E2E_REPORT ?? 'reports/e2e.json' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // The test build (production code plus the window test API, src/core/testBuild.ts), and under /prod/ the
    // production build itself (e2e/security.spec.ts proves it has no test API); served with COOP/COEP like any host must.
    command: [
      `npx vite build --mode e2e --outDir ${OUT}`,
      `npx vite build --outDir ${OUT}/prod --base /prod/`,
      `npx vite preview --outDir ${OUT} --port ${PORT} --strictPort`,
    ].join(' && '),
    url: `http://localhost:${PORT}`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
  },
});
