// Hardening as a static host would serve it: the Content-Security-Policy <meta>
// is in the page and enforced, the preview server's headers, and a page load
// that requests nothing needless (no probe for an optional model that is not there).
// The rest of the suite runs under the same policy: a violation is a console error.
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
