// The 2-D layout in real Chromium: streamed PCA on onnxruntime and the
// autoencoder on tfjs in a worker, on the features of the e2e videos,
// exported, kept across a reload.
import { readFileSync } from 'node:fs';
import { expect, test } from './test';
import { GOOD_VIDEOS } from './fixtures';
import { LibraryPage } from './library.page';

const SLOW = { timeout: 600_000 };

interface Row {
  video: string;
  frame: number;
  time: number;
  x: number;
  y: number;
}

function parseCsv(text: string): Row[] {
  const [header, ...lines] = text.trim().split('\n');
  expect(header).toBe('video,frame,time_s,x,y');
  return lines.map((l) => {
    const [video, frame, time, x, y] = l.split(',');
    return { video: video!, frame: Number(frame), time: Number(time), x: Number(x), y: Number(y) };
  });
}

/** Share of each frame's k nearest 2-D neighbours that come from the same video. */
function sameVideoShare(rows: Row[], k: number): number {
  let same = 0;
  for (const r of rows) {
    const near = rows.filter((o) => o !== r).map((o) => ({ o, d: (o.x - r.x) ** 2 + (o.y - r.y) ** 2 })).sort((a, b) => a.d - b.d).slice(0, k);
    same += near.filter((n) => n.o.video === r.video).length / k;
  }
  return same / rows.length;
}

test('a layout is trained once features exist, exports as CSV, keeps videos together and survives a reload', async ({ page, api }) => {
  test.setTimeout(1_200_000);
  const lib = new LibraryPage(page);
  await lib.open();
  // Nothing to place yet: the button says why it cannot train.
  await expect(page.getByTestId('train-layout')).toBeDisabled();
  await expect(page.getByTestId('train-blocked')).toContainText('Add videos first');
  await lib.add(GOOD_VIDEOS.map((v) => v.path));
  await expect(page.getByTestId('train-blocked')).toContainText(/Waiting for features: [\d,]+ of [\d,]+ frames/, SLOW);
  for (const v of GOOD_VIDEOS) {
    await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done', SLOW);
    await expect(lib.row(v.name)).toHaveAttribute('data-features', String(await lib.frames(v.name)), SLOW);
  }
  const status = page.getByTestId('layout-status');
  await expect(status).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(status).toHaveAttribute('data-method', 'autoencoder');

  // The method, rotation, exports and figures are folded under Options, which stays open (also after a reload).
  await expect(page.getByTestId('layout-method')).toHaveCount(0);
  await page.getByTestId('layout-options').click();
  await expect(page.getByTestId('layout-options')).toHaveAttribute('aria-expanded', 'true');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-frames').click();
  const rows = parseCsv(readFileSync(await (await download).path(), 'utf8'));
  const total = (await Promise.all(GOOD_VIDEOS.map((v) => lib.frames(v.name)))).reduce((a, b) => a + b, 0);
  expect(rows).toHaveLength(total);
  const layout = (await api.layout())!;
  // PCA's products ran on onnxruntime (WebAssembly threads unless a hardware WebGPU adapter measured faster), the
  // autoencoder on the tfjs backend a few real batches measured fastest; both are shown with the layout's figures.
  const gpu = (await api.featureState()).gpu;
  expect(layout.meta.pcaEngine).toMatch(gpu?.adapter && !gpu.fallback ? /^(WebAssembly|WebGPU)/ : /^WebAssembly ×\d+ threads? \(\d+ GFLOP\/s\)$/);
  expect(['wasm', 'webgl', 'webgpu']).toContain(layout.meta.backend);
  await page.getByTestId('layout-details').click();
  await expect(page.getByTestId('pca-engine')).toContainText(layout.meta.pcaEngine!);
  await page.getByTestId('layout-details').click();
  rows.forEach((r, i) => {
    expect(r.x).toBeCloseTo(layout.coords[2 * i]!, 5);
    expect(r.y).toBeCloseTo(layout.coords[2 * i + 1]!, 5);
  });
  for (const v of GOOD_VIDEOS) {
    const times = await lib.frameTimes(v.name);
    expect(rows.filter((r) => r.video === v.name).map((r) => r.time)).toEqual(times.map((t) => Number(t.toFixed(3))));
  }
  // Frames of one video are neighbours far more often than chance.
  const counts = GOOD_VIDEOS.map((v) => rows.filter((r) => r.video === v.name).length);
  const chance = counts.reduce((s, c) => s + (c * (c - 1)) / (total - 1), 0) / total;
  const share = sameVideoShare(rows, 5);
  console.log(`same-video share of 5 nearest 2-D neighbours: ${share.toFixed(3)} (chance ${chance.toFixed(3)})`);
  expect(share).toBeGreaterThan(Math.max(0.7, 2 * chance));

  // The layout is stored: back after a reload, unchanged, without training again.
  await page.reload();
  await expect(status).toHaveAttribute('data-state', 'ready', SLOW);
  const after = (await api.layout())!;
  expect(after.coords).toEqual(layout.coords);
  await expect(page.getByTestId('layout-options')).toHaveAttribute('aria-expanded', 'true'); // remembered

  // Retraining with another method keeps the current layout until the new one is accepted.
  await page.getByTestId('layout-method').selectOption('pca');
  await page.getByTestId('train-layout').click();
  await expect(page.getByTestId('layout-candidate')).toBeVisible(SLOW);
  await expect(status).toHaveAttribute('data-method', 'autoencoder');
  await page.getByTestId('layout-accept').click();
  await expect(status).toHaveAttribute('data-method', 'pca');

  // The optional rotation turns the stored layout: (x, y) → (−y, x) for 90°.
  const getCoords = () => api.layout().then((l) => l!.coords);
  const before = await getCoords();
  await page.getByTestId('layout-rotation').fill('90');
  await page.getByTestId('layout-rotate').click();
  await expect.poll(async () => (await getCoords())[0]).not.toBeCloseTo(before[0]!, 6);
  const turned = await getCoords();
  expect(turned[0]).toBeCloseTo(-before[1]!, 5);
  expect(turned[1]).toBeCloseTo(before[0]!, 5);
  await page.reload();
  await expect(status).toHaveAttribute('data-state', 'ready', SLOW);
  expect((await getCoords())[0]).toBeCloseTo(turned[0]!, 5);

  // A retrain cut off by a reload is reported, not dropped: the current layout stays, and it can be started again
  // with the settings it had.
  await page.getByTestId('layout-method').selectOption('autoencoder');
  await page.getByTestId('layout-epochs').fill('2000');
  await page.getByTestId('train-layout').click();
  await expect(status).toContainText('epoch', SLOW);
  await page.reload();
  const notice = page.getByTestId('layout-interrupted');
  await expect(notice).toBeVisible(SLOW);
  await expect(notice).toHaveAttribute('data-first', 'false');
  await expect(notice).toContainText('interrupted by a reload');
  await expect(status).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(status).toHaveAttribute('data-method', 'pca');
  expect((await getCoords())[0]).toBeCloseTo(turned[0]!, 5);
  await page.getByTestId('layout-restart').click();
  await expect(notice).toHaveCount(0);
  await expect(status).toHaveAttribute('data-state', 'training');
  await expect(page.getByTestId('layout-epochs')).toHaveValue('2000');
  await expect(status).toContainText('epoch', SLOW);
  await page.getByTestId('layout-stop').click();
  await expect(page.getByTestId('layout-candidate')).toBeVisible(SLOW);
  await page.getByTestId('layout-discard').click();
  await expect(page.getByTestId('layout-candidate')).toHaveCount(0);
  // Dismissed or started again, it is not reported twice.
  await page.reload();
  await expect(status).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(notice).toHaveCount(0);
});

test('a GPU device lost mid-training: the autoencoder goes on on the CPU from the next epoch', async ({ page, api }) => {
  test.setTimeout(600_000);
  await new LibraryPage(page).open();
  // Forced onto WebGPU (SwiftShader here), the device destroyed after epoch 2: a real lost device, as a driver
  // reset or SwiftShader's "A valid external Instance reference no longer exists" leaves it.
  const r = await api.benchProjection({
    frames: 1200, dim: 256, videos: 3, pcaDim: 32, epochs: 4, backends: ['webgpu'], pcaRoutes: ['randomized'], umapMax: 0, seed: 1, loseDeviceAt: 2,
  });
  const ae = r.ae[0]!;
  console.log(`lost before epoch ${ae.lostAt}, finished on ${ae.finishedOn}: ${ae.epochs} epochs, ${ae.secondsPerEpoch.toFixed(2)} s each`);
  expect(ae).toMatchObject({ backend: 'webgpu', epochs: 4, lostAt: 3 });
  expect(['wasm', 'cpu']).toContain(ae.finishedOn);
  // The layout it made is a real one: the synthetic videos' frames keep their neighbours.
  const layout = r.methods.find((m) => m.method === 'autoencoder')!;
  expect(layout.trustworthiness).toBeGreaterThan(0.7);
});
