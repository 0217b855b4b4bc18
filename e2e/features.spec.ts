// Features in real Chromium: real ONNX inference with onnxruntime-web on
// WebGPU (SwiftShader here) and WebAssembly, stored in OPFS.
import { expect, test, type Page } from './test';
import { BAD, GOOD_VIDEOS, SYNTHETIC_XCEPTION } from './fixtures';
import { LibraryPage } from './library.page';

const SLOW = { timeout: 400_000 };

async function setFeatures(page: Page, model: string, backend: string) {
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('feature-model').selectOption(model);
  await page.getByTestId('feature-backend').selectOption(backend);
  await page.getByTestId('settings-toggle').click();
}

function cosineDistance(a: number[], b: number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return 1 - dot / Math.sqrt(na * nb);
}

test('features on WebGPU and WebAssembly agree, are stored per model and survive a reload', async ({ page, api }) => {
  test.setTimeout(900_000);
  const lib = new LibraryPage(page);
  await lib.open();
  // Auto on a software adapter (SwiftShader) picks WebAssembly and says why.
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('backend')).toHaveAttribute('title', /software/);

  await setFeatures(page, 'mobilenetv2', 'webgpu');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');
  const videos = [GOOD_VIDEOS[1]!, GOOD_VIDEOS[2]!];
  await lib.add(videos.map((v) => v.path));
  for (const v of videos) {
    const row = lib.row(v.name);
    await expect(row).toHaveAttribute('data-status', 'done', SLOW);
    const frames = await lib.frames(v.name);
    await expect(row).toHaveAttribute('data-features', String(frames), SLOW);
  }
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu'); // no fallback happened

  // The stored WebGPU vectors equal WebAssembly's on the same frames (cosine distance < 1e-2).
  const v = videos[0]!;
  const stored = await api.features(v.name);
  expect(stored.dim).toBe(2 * 576);
  const indices = [0, 5, stored.count - 1];
  const wasm = await api.embedFrames(v.name, indices, 'wasm');
  const distances = indices.map((i, k) => cosineDistance(stored.data.slice(i * stored.dim, (i + 1) * stored.dim), wasm[k]!));
  console.log(`webgpu vs wasm cosine distances: ${distances.map((d) => d.toExponential(2)).join(', ')}`);
  for (const d of distances) expect(d).toBeLessThan(1e-2);
  // Different frames do differ (the check above is not vacuous).
  expect(cosineDistance(stored.data.slice(0, stored.dim), stored.data.slice((stored.count - 1) * stored.dim, stored.count * stored.dim))).toBeGreaterThan(1e-3);

  // After a reload the features are there without computing again.
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  for (const x of videos) await expect(lib.row(x.name)).toHaveAttribute('data-features', String(await lib.frames(x.name)));
  expect(await api.featureRuns()).toBe(0);

  // Another model computes its own features; the first model's stay stored.
  await setFeatures(page, 'inceptionv3', 'wasm');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-model', 'inceptionv3');
  await expect(lib.row(v.name)).toHaveAttribute('data-features', String(stored.count), SLOW);
  const incep = await api.features(v.name);
  expect(incep.dim).toBe(2 * 768);
  const old = await api.features(v.name, 'mobilenetv2');
  expect(old.count).toBe(stored.count);

  // On WebAssembly InceptionV3 runs its int8 build (decision 0010): close to the float graph on the same frames.
  await expect(page.getByTestId('backend-badge')).toHaveText('InceptionV3 · CPU');
  await expect(page.getByTestId('backend')).toHaveAttribute('title', /InceptionV3 on WebAssembly, int8/);
  const idx = [0, incep.count - 1];
  const float = await api.embedFrames(v.name, idx, 'wasm', true);
  const d8 = idx.map((i, k) => cosineDistance(incep.data.slice(i * incep.dim, (i + 1) * incep.dim), float[k]!));
  console.log(`int8 vs float cosine distances: ${d8.map((d) => d.toExponential(2)).join(', ')}`);
  for (const d of d8) expect(d).toBeLessThan(0.03);
});

test('a Keras Xception .h5 is converted in the browser, kept in OPFS and computes 4096-d features', async ({ page, api }) => {
  test.setTimeout(900_000);
  const lib = new LibraryPage(page);
  await lib.open();
  await page.getByTestId('settings-toggle').click();

  // A file that is not a Keras weights file is refused with a clear message.
  await page.getByTestId('load-model').setInputFiles(BAD.text);
  await expect(page.getByTestId('load-model-status')).toHaveAttribute('data-state', 'error', SLOW);
  await expect(page.getByTestId('load-model-status')).toContainText(/not a Keras weights file|not the Xception/);

  await page.getByTestId('load-model').setInputFiles(SYNTHETIC_XCEPTION);
  await expect(page.getByTestId('load-model-status')).toHaveAttribute('data-state', 'done', SLOW);
  await page.getByTestId('feature-model').selectOption('xception');
  await page.getByTestId('feature-backend').selectOption('wasm');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-model', 'xception');

  const v = GOOD_VIDEOS[1]!;
  await lib.add([v.path]);
  await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done', SLOW);
  await expect(lib.row(v.name)).toHaveAttribute('data-features', String(await lib.frames(v.name)), SLOW);
  const f = await api.features(v.name);
  expect(f.dim).toBe(4096);
  expect(f.data.every(Number.isFinite)).toBe(true);

  // The converted model survives a reload.
  await page.reload();
  await expect(page.getByTestId('backend')).toHaveAttribute('data-model', 'xception');
});
