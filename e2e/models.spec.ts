// Settings → Models in real Chromium: an ONNX image model the test builds itself (random weights, channels-last,
// 160×128: neither the bundled models' layout nor their size) is loaded through its dialog, embeds frames with real
// onnxruntime-web inference, and makes a map; bad files are refused with a reason and change nothing. A tiny CLIP
// pair whose towers agree on colour words, with a real tokenizer.json for its vocabulary, searches a map by words.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIP_MEAN, CLIP_STD, clipModelWithTime, clipTestPair, nhwcTestModel } from '../src/stages/features/testModels';
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

/** The pair's files as an export for transformers.js lays them out, and a slideshow: 4 s red, 4 s green, 4 s blue. */
function clipFiles() {
  const dir = join(FIXTURE_DIR, 'clip-pair');
  mkdirSync(dir, { recursive: true });
  const pair = clipTestPair();
  const files = {
    dir,
    vision: join(dir, 'vision_model.onnx'), text: join(dir, 'text_model.onnx'), tokenizer: join(dir, 'tokenizer.json'),
    config: join(dir, 'tokenizer_config.json'), preprocessor: join(dir, 'preprocessor_config.json'), video: join(FIXTURE_DIR, 'colours-rgb.mp4'),
  };
  writeFileSync(files.vision, pair.vision);
  writeFileSync(files.text, pair.text);
  writeFileSync(files.tokenizer, JSON.stringify(pair.tokenizer));
  writeFileSync(files.config, JSON.stringify({ model_max_length: 77, do_lower_case: true, pad_token: '<|endoftext|>', bos_token: '<|startoftext|>', eos_token: '<|endoftext|>' }));
  writeFileSync(files.preprocessor, JSON.stringify({ crop_size: { height: 224, width: 224 }, do_normalize: true, image_mean: CLIP_MEAN, image_std: CLIP_STD }));
  // what else such an export holds: a quantized variant (a cut-off one: it must be left out), the model config, merges
  writeFileSync(join(dir, 'text_model_quantized.onnx'), pair.text.subarray(0, 100));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'clip', projection_dim: 3 }));
  writeFileSync(join(dir, 'merges.txt'), '#version: 0.2\n');
  colourVideo(files.video);
  return files;
}

/** 4 s red, 4 s green, 4 s blue at 25 fps, with a little grain: 15 frames at every 20th. */
function colourVideo(path: string): void {
  if (existsSync(path)) return;
  const colour = (c: string) => ['-f', 'lavfi', '-i', `color=c=${c}:s=320x240:r=25:d=4`];
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...colour('0xC83228'), ...colour('0x32B43C'), ...colour('0x2D46C8'),
    '-filter_complex', '[0][1][2]concat=n=3:v=1:a=0,noise=alls=12:allf=t', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', path]);
}

test('a CLIP pair is loaded with its tokenizer and searches the map by words', async ({ page, api }) => {
  test.setTimeout(900_000);
  const files = clipFiles();
  const lib = new LibraryPage(page);
  await lib.open();
  await page.getByTestId('settings-toggle').click();
  const status = page.getByTestId('load-model-status');

  // Two towers without their tokenizer: refused.
  await page.getByTestId('model-files').setInputFiles([files.vision, files.text]);
  await expect(status).toContainText('without tokenizer.json');
  // The pair's folder as exported: its towers (not their variants) and configs are taken; the dialog knows which
  // tower is which and takes CLIP's preprocessing.
  await page.getByTestId('model-folder').setInputFiles(files.dir);
  await expect(page.getByTestId('model-dialog')).toContainText('a CLIP pair', SLOW);
  await expect(page.getByTestId('model-dialog')).toContainText('text tower text_model.onnx (input_ids → text_embeds)');
  await expect(page.getByTestId('model-layout')).toHaveValue('nchw');
  await expect(page.getByTestId('model-width')).toHaveValue('224');
  await expect(page.getByTestId('model-output')).toHaveValue('image_embeds');
  await expect(page.getByTestId('model-crop')).toHaveValue('centre');
  await expect(page.getByTestId('model-scaling')).toHaveValue('custom');
  await expect(page.getByTestId('model-mean')).toHaveValue(CLIP_MEAN.join(', '));
  await page.getByTestId('model-name').fill('Colour CLIP');
  await page.getByTestId('model-confirm').click();
  await expect(status).toHaveAttribute('data-state', 'done', SLOW);
  await expect(status).toContainText('searched by words');
  const row = page.getByTestId('model-row').filter({ hasText: 'Colour CLIP' });
  await expect(row).toHaveAttribute('data-kind', 'clip-pair');
  await expect(row).toHaveAttribute('data-dim', '6');
  const id = (await row.getAttribute('data-model'))!;
  await page.getByTestId('feature-model').selectOption(id);
  await page.getByTestId('feature-backend').selectOption('wasm');
  await page.getByTestId('settings-toggle').click();

  await lib.add([files.video]);
  const name = 'colours-rgb.mp4';
  await expect(lib.row(name)).toHaveAttribute('data-status', 'done', SLOW);
  const frames = await lib.frames(name);
  expect(frames).toBe(15); // 12 s at 25 fps, every 20th
  await expect(lib.row(name)).toHaveAttribute('data-features', String(frames), SLOW);
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  expect((await api.layout())!.meta.model).toBe(id);

  await page.getByTestId('search-toggle').click();
  const results = page.getByTestId('text-result');
  const ask = async (words: string) => {
    await page.getByTestId('text-query').fill(words);
    await page.getByTestId('text-search').click();
    await expect(page.getByTestId('text-status')).toHaveAttribute('data-state', 'done', SLOW);
    return results.evaluateAll((els) => els.map((e) => ({ time: Number(e.getAttribute('data-time')), score: Number(e.getAttribute('data-score')), video: e.getAttribute('data-video') })));
  };
  const inSpan = (t: number, from: number) => t >= from && t < from + 4;
  // Each colour word ranks its own five frames first, scores falling.
  for (const [words, from] of [['red', 0], ['a green photo', 4], ['BLUE', 8]] as const) {
    const got = await ask(words);
    expect(got).toHaveLength(frames);
    expect(got.slice(0, 5).every((r) => inSpan(r.time, from) && r.video === name)).toBe(true);
    expect(got.slice(5).some((r) => inSpan(r.time, from))).toBe(false);
    expect(got.every((r, i) => i === 0 || r.score <= got[i - 1]!.score)).toBe(true);
    expect(got[0]!.score).toBeGreaterThan(0.5);
  }
  await expect(page.getByTestId('text-video')).toHaveAttribute('data-video', name);
  // A time range limits the search: red asked of the green and blue seconds finds nothing red.
  await page.getByTestId('text-from').fill('4');
  await page.getByTestId('text-to').fill('12');
  const limited = await ask('red');
  expect(limited).toHaveLength(10);
  expect(limited.every((r) => r.time >= 4)).toBe(true);
  // A result is a click away in the inspector.
  await results.first().locator('button').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-time', String(limited[0]!.time), SLOW);
});

test('a video clip model with a time axis gives one feature per window of its frames, with the window\'s time span', async ({ page, api }) => {
  test.setTimeout(900_000);
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const model = join(FIXTURE_DIR, 'clip-model-t4.onnx');
  writeFileSync(model, clipModelWithTime(4));
  const video = join(FIXTURE_DIR, 'colours-rgb.mp4');
  colourVideo(video);
  const lib = new LibraryPage(page);
  await lib.open();
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('model-files').setInputFiles(model);
  await expect(page.getByTestId('model-dialog')).toContainText('one feature describes each run of 4 sampled frames', SLOW);
  await expect(page.getByTestId('model-layout')).toHaveValue('ncthw');
  await expect(page.getByTestId('model-clip-frames')).toHaveValue('4');
  await expect(page.getByTestId('model-width')).toHaveValue('112');
  await expect(page.getByTestId('model-height')).toHaveValue('96');
  await page.getByTestId('model-scaling').selectOption('unit');
  await page.getByTestId('model-name').fill('Clip colours');
  await page.getByTestId('model-confirm').click();
  await expect(page.getByTestId('load-model-status')).toHaveAttribute('data-state', 'done', SLOW);
  const row = page.getByTestId('model-row').filter({ hasText: 'Clip colours' });
  await expect(row).toHaveAttribute('data-kind', 'video');
  await expect(row).toContainText('clips of 4 frames');
  const id = (await row.getAttribute('data-model'))!;
  await page.getByTestId('feature-model').selectOption(id);
  await page.getByTestId('feature-backend').selectOption('wasm');
  await page.getByTestId('settings-toggle').click();

  await lib.add([video]);
  const name = 'colours-rgb.mp4';
  await expect(lib.row(name)).toHaveAttribute('data-status', 'done', SLOW);
  await expect(lib.row(name)).toHaveAttribute('data-features', '15', SLOW);
  // 15 frames, windows of 4: frames 0–3, 4–7, 8–11 and 12–14 (the last one short).
  const windows = await api.clipWindows(name);
  expect(windows.map((w) => [w.first, w.last])).toEqual([[0, 3], [4, 7], [8, 11], [12, 14]]);
  expect(windows.map((w) => [w.start, w.end].map((t) => +t.toFixed(3)))).toEqual([[0, 2.4], [3.2, 5.6], [6.4, 8.8], [9.6, 11.2]]);
  // One vector per window, the same for each of its frames; each leans to its clip's colour (red; 1 red + 3
  // green; 2 green + 2 blue; blue).
  const f = await api.features(name);
  expect(f.dim).toBe(6);
  const vec = (i: number) => f.data.slice(i * 6, i * 6 + 3).map((x) => +x.toFixed(3));
  for (const w of windows) for (let i = w.first; i <= w.last; i++) expect(vec(i)).toEqual(vec(w.first));
  expect(new Set(windows.map((w) => vec(w.first).join())).size).toBe(4);
  const lean = (i: number) => vec(i).indexOf(Math.max(...vec(i)));
  expect(windows.map((w) => lean(w.first))).toEqual([0, 1, expect.any(Number), 2]);
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(page.getByTestId('map')).toHaveAttribute('data-frames', '15', SLOW);
});
