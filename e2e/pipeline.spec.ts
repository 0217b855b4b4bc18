// The progressive pipeline in real Chromium: a first look (a few real frames, key frames where they fall on the
// sampling) is mapped while the dense pass still decodes; the dense pass fills in, and an automatic retrain,
// turned to lie where the first map lay, ends with every sampled frame placed once.
import { expect, test, type Page } from './test';
import { ensureFillAvi, ensureFillVideo, LONG_VIDEO } from './fixtures';
import { LibraryPage } from './library.page';
import { refineEpochs } from '../src/stages/projection/autoencoderConfig';

const SLOW = { timeout: 600_000 };

async function useMobileNet(page: Page) {
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('feature-model').selectOption('mobilenetv2');
  await page.getByTestId('settings-toggle').click();
}

/** The app opened on a fresh profile with MobileNetV2, and the 4-minute file with its dense frame count. */
async function openForFill(page: Page) {
  const v = ensureFillVideo();
  const lib = new LibraryPage(page);
  await lib.open();
  await useMobileNet(page);
  return { v, dense: Math.ceil(v.frames / 20), lib };
}

/**
 * The video ends with exactly the dense pass's frames, each once, and every first-look frame is one of them (same
 * time): nothing is placed twice or left over.
 */
async function expectEveryFrameOnce(lib: LibraryPage, name: string, dense: number, looks: readonly number[]) {
  const times = await lib.frameTimes(name);
  expect(times).toHaveLength(dense);
  expect(new Set(times).size).toBe(dense);
  const own = new Set(times);
  expect(looks.filter((t) => !own.has(t))).toEqual([]);
}

test('a first look is mapped while the dense pass decodes, then every sampled frame fills in once', async ({ page, api }) => {
  test.setTimeout(900_000);
  const { v, dense, lib } = await openForFill(page);
  const status = page.getByTestId('pipeline-status');
  const map = page.getByTestId('map');
  const dropped = Date.now();
  await lib.add([v.path]);
  await expect(status).toHaveAttribute('data-phase', 'first-look', SLOW);

  // The first map: look frames only, drawn before the video itself is decoded.
  let first = 0;
  await expect.poll(async () => (first = Number(await map.getAttribute('data-frames'))), SLOW).toBeGreaterThan(0);
  const firstMap = (Date.now() - dropped) / 1000;
  // The dense pass waited for the first map (it would have taken the cores), and runs under it now.
  await expect(lib.row(v.name)).toHaveAttribute('data-status', /queued|decoding/);
  await expect(lib.row(v.name)).toHaveAttribute('data-status', 'decoding');
  expect(Number(await map.getAttribute('data-frames'))).toBeGreaterThan(0);
  await expect(status).toHaveAttribute('data-phase', 'filling');
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'filling');
  const looks = await api.lookTimes(v.name);
  expect(first).toBe(looks.length);
  // About the budget, spread over the whole video, and every one a frame the dense pass keeps (n % 20 == 0).
  expect(looks.length).toBeGreaterThanOrEqual(80);
  expect(looks.length).toBeLessThanOrEqual(96);
  expect(looks[0]!).toBeLessThan(10);
  expect(looks.at(-1)!).toBeGreaterThan(v.frames / v.fps - 10);
  for (const t of looks) expect(Math.round(t * v.fps) % 20).toBe(0);
  // Key frames fall on the sampling every 240 frames (8 s): each 2.5-s part of the video offers one a third of the time.
  const keyed = looks.filter((t) => Math.round(t * v.fps) % v.keyInterval === 0).length;
  console.log(`first look: ${looks.length} frames, ${keyed} of them key frames, on the map ${firstMap.toFixed(1)} s after the drop, while decoding`);
  expect(keyed).toBeGreaterThan(looks.length / 5);
  // Look frames between key frames were decoded from the key frame on, leaving out the B-frames nothing refers to:
  // kept for comparing, byte for byte, with the dense pass's own pictures at the same times.
  const between = looks.map((t, i) => ({ t, i })).filter(({ t }) => Math.round(t * v.fps) % v.keyInterval !== 0).slice(0, 6);
  expect(between.length).toBeGreaterThan(0);
  const lookBytes = await Promise.all(between.map(({ i }) => api.frameBytes(v.name, i, true)));

  // Features run on the frames the dense pass has stored so far, a chunk at a time, and the encoder places them on
  // the map beside the first look, while the dense pass still decodes.
  await expect.poll(async () => Number(await lib.row(v.name).getAttribute('data-features')), SLOW).toBeGreaterThanOrEqual(64);
  await expect.poll(async () => Number(await map.getAttribute('data-frames')), SLOW).toBeGreaterThan(looks.length);
  const growing = { frames: Number(await map.getAttribute('data-frames')), at: (Date.now() - dropped) / 1000 };
  await expect(lib.row(v.name)).toHaveAttribute('data-status', 'decoding');
  console.log(`filling in: ${growing.frames - looks.length} of the video's own frames on the map ${growing.at.toFixed(1)} s after the drop, while it decodes`);
  // The layout holds the look and the first part of the video itself.
  const held = (await api.layout())!.meta.videos;
  expect(held.map((x) => x.id.endsWith('~look'))).toEqual([true, false]);
  expect(held[1]!.frames).toBeLessThan(dense);

  // Filling in: the map grows beyond the first look once the video's own frames are placed, never blanking.
  await expect(status).toHaveAttribute('data-phase', 'ready', SLOW);
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done');
  await expectEveryFrameOnce(lib, v.name, dense, looks);
  const times = await lib.frameTimes(v.name);
  for (const [k, { t }] of between.entries()) {
    expect(await api.frameBytes(v.name, times.indexOf(t)), `first-look frame at ${t} s against the dense pass's`).toBe(lookBytes[k]);
  }
  await expect(map).toHaveAttribute('data-frames', String(dense));
  await expect(status).toHaveAttribute('data-placed', String(dense));
  await expect(status).toHaveAttribute('data-total', String(dense));
  const layout = (await api.layout())!;
  expect(layout.meta.videos.map((x) => x.frames)).toEqual([dense]);
  // The retrain started from the first map's network, moved onto the new PCA axes, and refined it in a third of the
  // epochs a training from scratch runs (the settings' default, 60).
  expect(layout.meta.warmStarted).toBe(true);
  expect(layout.meta.epochs).toBe(refineEpochs(60));

  // The automatic retrain started from the first map's network and was turned (and mirrored if that fit better)
  // onto it: frames moved far less than two frames picked at random lie apart (0.33× here; 0.58× when it ran all 60
  // epochs, 0.69× when it started from random weights).
  console.log(`complete map ${((Date.now() - dropped) / 1000).toFixed(1)} s after the drop`);
  const p = await api.pipeline();
  const c = layout.coords, n = c.length / 2;
  let apart = 0;
  for (let i = 0; i < n; i++) {
    const j = (i * 7919 + 13) % n;
    apart += Math.hypot(c[2 * i]! - c[2 * j]!, c[2 * i + 1]! - c[2 * j + 1]!) / n;
  }
  console.log(`retrain after filling: frames moved ${p.lastShift?.toFixed(3)} on average after alignment; random pairs lie ${apart.toFixed(3)} apart`);
  expect(p.lastShift).not.toBeNull();
  expect(p.lastShift!).toBeLessThan(0.65 * apart);
  // Its first-look store is gone: the layout reads the video's own frames.
  expect(await api.lookTimes(v.name)).toEqual([]);
});

test('a reload while filling in keeps the first map and the decoded frames, and ends with the same frames', async ({ page, api }) => {
  test.setTimeout(900_000);
  const { v, dense, lib } = await openForFill(page);
  await lib.add([v.path]);
  const map = page.getByTestId('map');
  await expect.poll(async () => Number(await map.getAttribute('data-frames')), SLOW).toBeGreaterThan(0);
  const looks = await api.lookTimes(v.name);
  await expect.poll(() => lib.frames(v.name), SLOW).toBeGreaterThan(20);
  const before = Number(await map.getAttribute('data-frames'));
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  // The map is still there (the first look, and whatever of the video was placed while it decoded), and what was
  // decoded is kept.
  await expect.poll(async () => Number(await map.getAttribute('data-frames')), SLOW).toBeGreaterThanOrEqual(before);
  await expect(lib.row(v.name)).toHaveAttribute('data-status', 'interrupted');
  const kept = await lib.frames(v.name);
  expect(kept).toBeGreaterThan(20);
  expect(await api.lookTimes(v.name)).toEqual(looks);

  // Added again: no second look, the dense pass goes on after the kept frames, and the map completes.
  await lib.add([v.path]);
  await expect(page.getByTestId('pipeline-status')).toHaveAttribute('data-phase', 'ready', SLOW);
  await expect(lib.row(v.name)).toHaveAttribute('data-resumed', String(kept));
  await expectEveryFrameOnce(lib, v.name, dense, looks);
  await expect(map).toHaveAttribute('data-frames', String(dense));
  expect((await api.layout())!.meta.videos.map((x) => x.frames)).toEqual([dense]);
});

test('a drop of several videos gets its first look breadth first, the budget split by duration, then decodes side by side', async ({ page, api }) => {
  test.setTimeout(900_000);
  const { v: fill, lib } = await openForFill(page);
  // Two lanes (auto gives one on this 2-core machine): both dense passes run at once, each on its own worker.
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('decode-lanes').selectOption('2');
  await page.getByTestId('settings-toggle').click();
  // Dense passes are counted from the page's own marks: none may start before every video has its look.
  await lib.add([LONG_VIDEO.path, fill.path]);
  for (const v of [LONG_VIDEO, fill]) await expect(lib.row(v.name)).toHaveAttribute('data-look', 'done', SLOW);
  const looks = await Promise.all([LONG_VIDEO, fill].map((v) => api.lookTimes(v.name)));
  expect(await api.ingestRuns()).toBe(0);
  // 60 s and 240 s: 4 each, the other 88 by duration (18 and 70)
  expect(looks.map((l) => l.length)).toEqual([22, 74]);
  looks.forEach((l, k) => {
    const seconds = [LONG_VIDEO, fill][k]!.frames / 30;
    expect(l[0]!).toBeLessThan(seconds / 10);
    expect(l.at(-1)!).toBeGreaterThan(seconds * 0.9);
  });
  // The first map holds both videos' looks; then the first dense pass starts.
  const map = page.getByTestId('map');
  await expect.poll(async () => Number(await map.getAttribute('data-frames')), SLOW).toBe(96);
  expect((await api.layout())!.meta.videos.map((v) => v.frames)).toEqual([22, 74]);
  const overall = page.getByTestId('overall-status');
  await expect.poll(async () => [
    await lib.row(LONG_VIDEO.name).getAttribute('data-status'), await lib.row(fill.name).getAttribute('data-status'),
    /decoding 2, 0 queued/.test((await overall.textContent()) ?? ''),
  ], SLOW).toEqual(['decoding', 'decoding', true]);
  // Each pass keeps exactly its own sampling, once, its look frames among them.
  for (const [k, v] of [LONG_VIDEO, fill].entries()) {
    await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done', SLOW);
    await expectEveryFrameOnce(lib, v.name, Math.ceil(v.frames / 20), looks[k]!);
  }
  expect(await api.ingestRuns()).toBe(2);
});

test('a file only ffmpeg.wasm reads gets its first look too, each frame found by seeking and kept by the dense pass, which goes on after a reload', async ({ page, api }) => {
  test.setTimeout(900_000);
  const v = ensureFillAvi();
  const dense = Math.ceil(v.frames / 20);
  const lib = new LibraryPage(page);
  await lib.open();
  await useMobileNet(page);
  const dropped = Date.now();
  await lib.add([v.path]);
  const map = page.getByTestId('map');
  await expect.poll(async () => Number(await map.getAttribute('data-frames')), SLOW).toBeGreaterThan(0);
  const firstMap = (Date.now() - dropped) / 1000;
  // The dense pass (ffmpeg.wasm) runs under the first map.
  await expect(lib.row(v.name)).toHaveAttribute('data-status', /queued|decoding/);
  const looks = await api.lookTimes(v.name);
  expect(looks.length).toBeGreaterThanOrEqual(80);
  expect(looks.length).toBeLessThanOrEqual(96);
  expect(new Set(looks).size).toBe(looks.length);
  expect(looks[0]!).toBeLessThan(10);
  expect(looks.at(-1)!).toBeGreaterThan(v.frames / v.fps - 10);
  console.log(`ffmpeg.wasm first look: ${looks.length} frames on the map ${firstMap.toFixed(1)} s after the drop`);

  // Cut off by a reload part-way through the dense pass: the frames it stored stay, and added again the pass goes
  // on after them (a seek to the next one), ending with exactly the frames of a pass from the start.
  await expect.poll(() => lib.frames(v.name), SLOW).toBeGreaterThan(30);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await expect(lib.row(v.name)).toHaveAttribute('data-status', 'interrupted');
  const kept = await lib.frames(v.name);
  expect(kept).toBeGreaterThan(30);
  expect(kept).toBeLessThan(dense);
  const before = await lib.frameTimes(v.name);
  await lib.add([v.path]);

  await expect(page.getByTestId('pipeline-status')).toHaveAttribute('data-phase', 'ready', SLOW);
  await expect(lib.row(v.name)).toHaveAttribute('data-decode-path', 'ffmpeg');
  // ffmpeg.wasm's threads can outlive the page by a moment and store a few frames more: the pass goes on after all of them.
  const resumed = Number(await lib.row(v.name).getAttribute('data-resumed'));
  expect(resumed).toBeGreaterThanOrEqual(kept);
  expect(resumed).toBeLessThan(dense);
  console.log(`ffmpeg.wasm dense pass cut off by a reload: ${kept} frames counted, went on after ${resumed} stored, of ${dense}`);
  expect((await lib.frameTimes(v.name)).slice(0, kept)).toEqual(before.slice(0, kept));
  await expectEveryFrameOnce(lib, v.name, dense, looks);
  await expect(map).toHaveAttribute('data-frames', String(dense));
  expect((await api.layout())!.meta.videos.map((x) => x.frames)).toEqual([dense]);
});
