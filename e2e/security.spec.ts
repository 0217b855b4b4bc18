// Hardening as a static host would serve it: the Content-Security-Policy <meta>
// is in the page and enforced, the preview server's headers, and a page load
// that requests nothing needless (no probe for an optional model that is not there).
// The rest of the suite runs under the same policy: a violation is a console error.
// And the production build carries no test API.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './test';
import { LibraryPage } from './library.page';

test('the page loads under its Content-Security-Policy without probing for optional models', async ({ page, pageErrors }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const lib = new LibraryPage(page);
  const response = await page.request.get('/');
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  await lib.open();

  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const directive of ["script-src 'self' blob: 'wasm-unsafe-eval'", "worker-src 'self' blob:", "connect-src 'self' blob: data:", "object-src 'none'", "base-uri 'self'"]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toMatch(/'unsafe-eval'/); // deck.gl, tfjs, onnxruntime and ffmpeg.wasm do without it
  // Enforced: an injected inline script does not run.
  pageErrors.allowConsoleErrors(/inline script violates the following Content Security Policy/);
  const ran = await page.evaluate(async () => {
    const violation = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true }));
    const s = document.createElement('script');
    s.textContent = 'document.body.dataset.injected = "ran"';
    document.head.append(s);
    return { injected: document.body.dataset.injected ?? null, directive: await violation };
  });
  expect(ran).toEqual({ injected: null, directive: 'script-src-elem' });

  // The models the install step built are listed, not probed for.
  expect(requested).toContain('/models/installed.json');
  expect(requested.filter((p) => p.endsWith('/xception.onnx'))).toEqual([]);
  const onnx = await page.request.head('/models/mobilenetv2.onnx');
  expect(onnx.ok()).toBe(true);
  expect(onnx.headers()['content-type']).toBe('application/octet-stream');
});

test('the production build has no test API: not on window, not in any script it ships', async ({ page }) => {
  // playwright.config.ts serves the production build under /prod/ beside the test build.
  await page.goto('/prod/');
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  expect(await page.evaluate(() => '__frameAtlas' in window)).toBe(false);

  // Markers of src/testing/testApi.ts: present in the test build (so the check can fail), absent from production.
  const out = process.env.E2E_OUT ?? 'dist-e2e';
  const markers = ['__frameAtlas', 'no video named'];
  const scripts = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dir, f), 'utf8'));
  const has = (dir: string, marker: string) => scripts(dir).some((s) => s.includes(marker));
  for (const marker of markers) {
    expect(has(join(out, 'assets'), marker), `test build carries "${marker}"`).toBe(true);
    expect(has(join(out, 'prod', 'assets'), marker), `production build carries "${marker}"`).toBe(false);
  }
});
