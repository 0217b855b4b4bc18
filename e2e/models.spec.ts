// Settings → Models in real Chromium: an ONNX image model the test builds itself (random weights, channels-last,
// 160×128: neither the bundled models' layout nor their size) is loaded through its dialog, embeds frames with real
// onnxruntime-web inference, and makes a map; bad files are refused with a reason and change nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nhwcTestModel } from '../src/stages/features/testModels';
import { expect, test } from './test';
import { FIXTURE_DIR, GOOD_VIDEOS } from './fixtures';
import { LibraryPage } from './library.page';

const SLOW = { timeout: 400_000 };

function modelFiles() {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const files = {
    model: join(FIXTURE_DIR, 'nhwc-160x128.onnx'),
    broken: join(FIXTURE_DIR, 'broken.onnx'),
    tokenizer: join(FIXTURE_DIR, 'tokenizer.json'),
  };
  writeFileSync(files.model, nhwcTestModel(160, 128));
  // the start of a real model, cut off: onnxruntime cannot parse it
  writeFileSync(files.broken, nhwcTestModel(160, 128).subarray(0, 300));
  writeFileSync(files.tokenizer, JSON.stringify({ version: '1.0', model: { type: 'BPE', vocab: { red: 0, green: 1, blue: 2 }, merges: [] } }));
  return files;
}

test('an ONNX image model is loaded through its dialog, embeds frames and makes a map; bad model files change nothing', async ({ page, api }) => {
  test.setTimeout(900_000);
  const files = modelFiles();
  const lib = new LibraryPage(page);
  await lib.open();
  await page.getByTestId('settings-toggle').click();
  const rows = page.getByTestId('model-row');
  await expect(rows.first()).toBeVisible();
  const bundled = await rows.count();
  const status = page.getByTestId('load-model-status');

  // A cut-off ONNX file, and a tokenizer without its model: refused, said why, nothing added.
  await page.getByTestId('model-files').setInputFiles(files.broken);
  await expect(status).toHaveAttribute('data-state', 'error', SLOW);
  await expect(status).toContainText('broken.onnx is not an ONNX model onnxruntime can load');
  await page.getByTestId('model-files').setInputFiles(files.tokenizer);
  await expect(status).toContainText('tokenizer.json is a tokenizer');
  await expect(page.getByTestId('model-dialog')).toHaveCount(0);
  await expect(rows).toHaveCount(bundled);

  // The real one: the dialog is filled from its graph (channels last, 160 wide, 128 high, its first output).
  await page.getByTestId('model-files').setInputFiles(files.model);
  const dialog = page.getByTestId('model-dialog');
  await expect(dialog).toBeVisible(SLOW);
  await expect(page.getByTestId('model-layout')).toHaveValue('nhwc');
  await expect(page.getByTestId('model-width')).toHaveValue('160');
  await expect(page.getByTestId('model-height')).toHaveValue('128');
  await expect(page.getByTestId('model-output')).toHaveValue('embedding');
  await expect(page.getByTestId('model-scaling')).toHaveValue('symmetric');
  // A size the graph does not take is refused, and the dialog stays for a correction.
  await page.getByTestId('model-width').fill('200');
  await page.getByTestId('model-confirm').click();
  await expect(status).toContainText('fixes the input width at 160');
  await page.getByTestId('model-width').fill('160');
  await page.getByTestId('model-name').fill('Test NHWC');
  await page.getByTestId('model-crop').selectOption('whole');
  await page.getByTestId('model-confirm').click();
  await expect(status).toHaveAttribute('data-state', 'done', SLOW);
  await expect(dialog).toHaveCount(0);
  const row = rows.filter({ hasText: 'Test NHWC' });
  await expect(row).toHaveAttribute('data-kind', 'image');
  await expect(row).toHaveAttribute('data-state', 'ready');
  await expect(row).toHaveAttribute('data-dim', '32'); // 16 per crop, the whole frame twice
  await expect(row).toContainText('160×128 NHWC, RGB −1…1, whole frame');
  const id = (await row.getAttribute('data-model'))!;
  expect(id).toMatch(/^onnx-[0-9a-f]{12}$/);

  await page.getByTestId('feature-model').selectOption(id);
  await page.getByTestId('feature-backend').selectOption('wasm');
  await page.getByTestId('settings-toggle').click();
  await expect(page.getByTestId('backend')).toHaveAttribute('data-model', id);

  // Its features, then a layout of them on the map.
  const v = GOOD_VIDEOS[1]!;
  await lib.add([v.path]);
  await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done', SLOW);
  const frames = await lib.frames(v.name);
  await expect(lib.row(v.name)).toHaveAttribute('data-features', String(frames), SLOW);
  const f = await api.features(v.name);
  expect(f.dim).toBe(32);
  expect(f.data.every(Number.isFinite)).toBe(true);
  // the test pattern scrolls: its frames differ
  const first = f.data.slice(0, 32), last = f.data.slice((f.count - 1) * 32, f.count * 32);
  expect(first.reduce((s, x, i) => s + Math.abs(x - last[i]!), 0)).toBeGreaterThan(1e-3);
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(page.getByTestId('map')).toHaveAttribute('data-frames', String(frames), SLOW);
  expect((await api.layout())!.meta.model).toBe(id);
  expect(await api.storedFeatureRows(v.name, id, 32)).toBe(frames);

  // Kept for later visits; removed (after a confirmation) with its features.
  await page.reload();
  await expect(page.getByTestId('backend')).toHaveAttribute('data-model', id, SLOW);
  await page.getByTestId('settings-toggle').click();
  await row.getByTestId('model-remove').click();
  await row.getByTestId('model-remove-confirm').click();
  await expect(rows).toHaveCount(bundled, SLOW);
  await expect(status).toContainText('Test NHWC and its features were removed');
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-model', id);
  expect(await api.storedFeatureRows(v.name, id, 32)).toBe(0);
});
