// Ingest in real Chromium: real decoding (WebCodecs and ffmpeg.wasm), real OPFS, real IndexedDB.
import { expect, test } from './test';
import { BAD, GOOD_VIDEOS, LONG_VIDEO, TRUNCATED_FULL_FRAMES, type VideoFixture } from './fixtures';
import { LibraryPage } from './library.page';

const N = 20;
const DECODE = { timeout: 200_000 };

test('three containers and codecs ingest with the right frames, times and sizes, and survive a reload', async ({ page }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  await lib.add(GOOD_VIDEOS.map((v) => v.path));

  const counts: Record<string, number> = {};
  for (const v of GOOD_VIDEOS) {
    await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done', DECODE);
    const frames = await lib.frames(v.name);
    expect(Math.abs(frames - Math.ceil(v.frames / N)), `${v.name}: ${frames} frames`).toBeLessThanOrEqual(1);
    counts[v.name] = frames;

    // Timestamps come from the source: strictly increasing, N frame intervals apart.
    const times = await lib.frameTimes(v.name);
    expect(times).toHaveLength(frames);
    expect(times[0]).toBeCloseTo(0, 1);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeCloseTo(N / v.fps, 2);
    }

    // Thumbnails are 300 px high with the source's aspect ratio (1280×720 → 534×300).
    const expectedWidth = Math.round((150 * v.width) / v.height) * 2;
    for (const i of [0, frames - 1]) {
      const info = await lib.frameInfo(v.name, i);
      expect(info.height).toBe(300);
      expect(info.width).toBe(expectedWidth);
    }
  }

  // The contact sheet shows the selected video's frames with index and time.
  await lib.row(GOOD_VIDEOS[1]!.name).getByRole('button').first().click();
  const strip = page.getByTestId('frame-strip');
  await expect(strip).toHaveAttribute('data-video', GOOD_VIDEOS[1]!.name);
  const firstImg = strip.locator('img[data-index="0"]');
  await expect(firstImg).toHaveAttribute('data-time', '0.000');
  await expect(strip.locator('img')).toHaveCount(counts[GOOD_VIDEOS[1]!.name]!);
  // (the image may still be loading when its element appears)
  await expect.poll(() => firstImg.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(300);

  // After a reload the library is back from OPFS + IndexedDB with nothing decoded again.
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  for (const v of GOOD_VIDEOS) {
    await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done');
    expect(await lib.frames(v.name)).toBe(counts[v.name]);
    expect((await lib.frameTimes(v.name)).length).toBe(counts[v.name]);
  }
  expect(await lib.ingestRuns()).toBe(0);
  await lib.row(GOOD_VIDEOS[0]!.name).getByRole('button').first().click();
  await expect(strip.locator('img[data-index="0"]')).toBeVisible();
});

test('bad input gets a clear message on its row while good videos finish', async ({ page }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  const good = GOOD_VIDEOS[0]!;
  await lib.add([BAD.text, BAD.empty, good.path, BAD.truncated]);

  const text = lib.row('notes-not-a-video.mp4');
  await expect(text).toHaveAttribute('data-status', 'error', DECODE);
  await expect(text.getByTestId('video-error')).toContainText('not a video');

  const empty = lib.row('empty.mp4');
  await expect(empty).toHaveAttribute('data-status', 'error', DECODE);
  await expect(empty.getByTestId('video-error')).toContainText('empty');

  await expect(lib.row(good.name)).toHaveAttribute('data-status', 'done', DECODE);
  expect(Math.abs((await lib.frames(good.name)) - Math.ceil(good.frames / N))).toBeLessThanOrEqual(1);

  // A truncated file keeps the frames that decoded and says why it is partial.
  const truncated = lib.row('truncated-h264.mp4');
  await expect(truncated).toHaveAttribute('data-status', 'partial', DECODE);
  const kept = await lib.frames('truncated-h264.mp4');
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(TRUNCATED_FULL_FRAMES / N);
  await expect(truncated.getByTestId('video-error')).toContainText(/truncated|damaged|early/);
});

test('the same file added twice is recognised and not processed twice', async ({ page }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  const v = GOOD_VIDEOS[1]!;
  await lib.add([v.path]);
  await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done', DECODE);
  await lib.add([v.path]);
  await expect(page.getByTestId('notice')).toContainText('already in the library');
  await expect(page.getByTestId('video-row')).toHaveCount(1);
  expect(await lib.ingestRuns()).toBe(1);
});

test('a queued video can be cancelled, a decoding one too, and removal deletes stored frames', async ({ page }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  const small = GOOD_VIDEOS[2]!;
  await lib.add([LONG_VIDEO.path, small.path]);
  const long = lib.row(LONG_VIDEO.name);
  await expect(long).toHaveAttribute('data-status', 'decoding', DECODE);
  await lib.row(small.name).getByTestId('video-cancel').click();
  await expect(lib.row(small.name)).toHaveAttribute('data-status', 'cancelled');

  await expect.poll(() => lib.frames(LONG_VIDEO.name), DECODE).toBeGreaterThan(3);
  await long.getByTestId('video-cancel').click();
  await expect(long).toHaveAttribute('data-status', 'cancelled');
  // Frames decoded before the cancel stay readable and consistent.
  const kept = await lib.frames(LONG_VIDEO.name);
  expect(kept).toBeGreaterThan(0);
  expect((await lib.frameTimes(LONG_VIDEO.name)).length).toBe(kept);

  // Restart the cancelled small one (its file is still at hand), then remove the long one.
  await lib.row(small.name).getByTestId('video-retry').click();
  await expect(lib.row(small.name)).toHaveAttribute('data-status', 'done', DECODE);
  const longId = await long.getAttribute('data-id');
  expect(await lib.storedIds()).toContain(longId);
  await long.getByTestId('video-remove').click();
  await expect(long).toHaveCount(0);
  await expect.poll(() => lib.storedIds()).not.toContain(longId);
});

test('a video interrupted by a reload goes on after the frames it stored, without duplicated frames', async ({ page }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  await lib.add([LONG_VIDEO.path]);
  await expect.poll(() => lib.frames(LONG_VIDEO.name), DECODE).toBeGreaterThan(3);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  const row = lib.row(LONG_VIDEO.name);
  await expect(row).toHaveAttribute('data-status', 'interrupted');
  await expect(row.getByTestId('video-error')).toContainText('add the file again');
  // What was decoded before the reload is kept, and counted.
  const kept = await lib.frames(LONG_VIDEO.name);
  expect(kept).toBeGreaterThan(3);
  const before = await lib.frameTimes(LONG_VIDEO.name);
  expect(before).toHaveLength(kept);

  await lib.add([LONG_VIDEO.path]);
  await expect(row).toHaveAttribute('data-status', 'done', DECODE);
  await expect(row).toHaveAttribute('data-resumed', String(kept));
  const frames = await lib.frames(LONG_VIDEO.name);
  expect(frames).toBe(Math.ceil(LONG_VIDEO.frames / N));
  const times = await lib.frameTimes(LONG_VIDEO.name);
  expect(times).toHaveLength(frames);
  expect(new Set(times).size).toBe(frames);
  expect(times.slice(0, kept)).toEqual(before);
  // The same frames a pass from the start keeps: every Nth at 30 fps.
  times.forEach((t, i) => expect(t).toBeCloseTo((i * N) / LONG_VIDEO.fps, 3));
});

test('settings switch sampling to a fixed rate and JPEG, and persist', async ({ page }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('sampling-fps-mode').check();
  await page.getByTestId('sampling-fps').fill('2');
  await page.getByTestId('sampling-fps').blur();
  await page.getByTestId('image-format').selectOption('jpeg');
  // A person takes longer than the stores take to commit; a reload in the same millisecond could lose the change.
  await lib.settingsWritten();
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('settings-toggle').click();
  await expect(page.getByTestId('sampling-fps')).toHaveValue('2');
  await expect(page.getByTestId('image-format')).toHaveValue('jpeg');

  const v = GOOD_VIDEOS[1]!; // 10 s
  await lib.add([v.path]);
  await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done', DECODE);
  expect(Math.abs((await lib.frames(v.name)) - 20)).toBeLessThanOrEqual(1);
  const times = await lib.frameTimes(v.name);
  expect(times[1]! - times[0]!).toBeCloseTo(0.5, 1);
  const info = await lib.frameInfo(v.name, 0);
  expect(info.height).toBe(300);
});

test('the decoder setting forces either path and persists; the row says which ran and why', async ({ page }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  const [h264, vp9, avi] = GOOD_VIDEOS as [VideoFixture, VideoFixture, VideoFixture];
  await page.getByTestId('settings-toggle').click();
  await expect(page.getByTestId('decoder')).toHaveValue('auto');
  await page.getByTestId('decoder').selectOption('ffmpeg');
  await lib.settingsWritten();
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('settings-toggle').click();
  await expect(page.getByTestId('decoder')).toHaveValue('ffmpeg');

  await lib.add([h264.path]);
  await expect(lib.row(h264.name)).toHaveAttribute('data-status', 'done', DECODE);
  await expect(lib.row(h264.name)).toHaveAttribute('data-decode-path', 'ffmpeg');
  await expect(lib.row(h264.name).getByTestId('decode-path')).toHaveText('ffmpeg.wasm: forced in settings');

  // Forcing WebCodecs cannot make the browser decode an AVI's mpeg4: that one still goes to ffmpeg.wasm, saying so.
  await page.getByTestId('decoder').selectOption('webcodecs');
  await lib.add([vp9.path, avi.path]);
  await expect(lib.row(vp9.name)).toHaveAttribute('data-status', 'done', DECODE);
  await expect(lib.row(vp9.name)).toHaveAttribute('data-decode-path', 'webcodecs');
  await expect(lib.row(vp9.name).getByTestId('decode-path')).toHaveText(/^WebCodecs · (hardware|software) \(forced in settings\)$/);
  await expect(lib.row(avi.name)).toHaveAttribute('data-status', 'done', DECODE);
  await expect(lib.row(avi.name)).toHaveAttribute('data-decode-path', 'ffmpeg');
  await expect(lib.row(avi.name).getByTestId('decode-path')).toHaveText('ffmpeg.wasm: mpeg4 not supported by this browser (WebCodecs forced in settings)');
  console.log(`decode reasons: ${h264.name}: ${await lib.row(h264.name).getByTestId('decode-path').textContent()}; `
    + `${vp9.name}: ${await lib.row(vp9.name).getByTestId('decode-path').textContent()}; ${avi.name}: ${await lib.row(avi.name).getByTestId('decode-path').textContent()}`);

  // The path is part of the stored record: a reload shows the same.
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await expect(lib.row(vp9.name)).toHaveAttribute('data-decode-path', 'webcodecs');
  await expect(lib.row(h264.name)).toHaveAttribute('data-decode-path', 'ffmpeg');
});

test('“fast, approximate” keeps keyframes only, the same ones on both decoders', async ({ page }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  const v = GOOD_VIDEOS[0]!; // 12 s of H.264 at 30 fps, a keyframe every 60 frames (2 s)
  const byPath: Record<string, number[]> = {};
  for (const decoder of ['auto', 'ffmpeg'] as const) {
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('sampling-keyframes').check();
    await page.getByTestId('decoder').selectOption(decoder);
    await page.getByTestId('settings-toggle').click();
    await lib.add([v.path]);
    const row = lib.row(v.name);
    await expect(row).toHaveAttribute('data-status', 'done', DECODE);
    const path = decoder === 'auto' ? 'webcodecs' : 'ffmpeg';
    await expect(row).toHaveAttribute('data-decode-path', path);
    byPath[path] = await lib.frameTimes(v.name);
    await row.getByTestId('video-remove').click();
    await expect(row).toHaveCount(0);
  }
  // Every-20th at 30 fps: at most one keyframe per ⅔ s; with a keyframe every 2 s that is each keyframe.
  const times = byPath.webcodecs!;
  expect(times.length, `keyframe times ${times.join(', ')}`).toBeGreaterThanOrEqual(6);
  expect(times.length).toBeLessThan(Math.ceil(v.frames / N));
  expect(byPath.ffmpeg!.length).toBe(times.length);
  times.forEach((t, i) => expect(Math.abs(t - byPath.ffmpeg![i]!), `keyframe ${i}`).toBeLessThanOrEqual(1 / v.fps + 1e-3));
});
