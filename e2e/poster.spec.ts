// Posters in real Chromium from a layout of the e2e videos: the reference's
// 11 × 18 tiles of 534 × 300 (5874 × 5400) and a 20,000 px wide one, streamed
// as PNG; both decode to exactly the planned size, and sampled tiles show the
// frames the grid assignment chose. Also gapless, format limits, JPEG and the
// save-file picker path. And the window: by default the frames' extent (not
// the map's view), its frame count and fill, and the warning before a poster
// with no frames (on a synthetic project, no training needed).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './test';
import { GOOD_VIDEOS } from './fixtures';
import { LibraryPage } from './library.page';
import { MapPage } from './map.page';
import { decodePng } from '../src/stages/poster/pngDecode';
import { fitWindow, framesExtent } from '../src/stages/poster/posterWindow';
import { testApi, type PosterCells } from './testApi';

const SLOW = { timeout: 900_000 };
const BG = [0x0b, 0x0d, 0x10];

const posterPlan = (page: Page): Promise<PosterCells> => testApi(page).posterPlan().then((p) => p!);

async function setPoster(page: Page, v: Record<string, string>): Promise<void> {
  for (const [id, value] of Object.entries(v)) await page.getByTestId(`poster-${id}`).fill(value);
}

async function download(page: Page): Promise<Buffer> {
  const dl = page.waitForEvent('download', SLOW);
  await page.getByTestId('poster-download').click();
  const file = await (await dl).path();
  await expect(page.getByTestId('poster-status')).toHaveAttribute('data-state', 'done');
  return readFileSync(file);
}

/** Mean absolute difference between a poster tile and the frame it should show (plain-scaled, in the page). */
async function tileDiff(page: Page, png: ReturnType<typeof decodePng>, plan: PosterCells, k: number, tw: number, th: number, frame: { video: string; frame: number }): Promise<number> {
  const want = await testApi(page).frameRgb(frame.video, frame.frame, tw, th);
  const c = k % plan.columns, r = Math.floor(k / plan.columns);
  let sum = 0;
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw * 3; x++) sum += Math.abs(png.rgb[(r * th + y) * png.width * 3 + c * tw * 3 + x]! - want[y * tw * 3 + x]!);
  return sum / (tw * th * 3);
}

/** Mean absolute horizontal difference of neighbouring pixels in tile k: more detail, more energy. */
function sharpness(png: ReturnType<typeof decodePng>, k: number, columns: number, tw: number, th: number): number {
  const c = k % columns, r = Math.floor(k / columns);
  let sum = 0;
  for (let y = 0; y < th; y++) {
    const o = ((r * th + y) * png.width + c * tw) * 3;
    for (let x = 3; x < tw * 3; x++) sum += Math.abs(png.rgb[o + x]! - png.rgb[o + x - 3]!);
  }
  return sum / (tw * th);
}

/** Checks sampled tiles: the chosen frame matches within codec tolerance, clearly better than another frame; empty cells are background. */
async function checkTiles(page: Page, png: ReturnType<typeof decodePng>, plan: PosterCells, tw: number, th: number): Promise<void> {
  const filled = plan.cells.map((f, k) => (f ? k : -1)).filter((k) => k >= 0);
  expect(filled.length).toBeGreaterThan(3);
  const sample = [filled[0]!, filled[Math.floor(filled.length / 2)]!, filled[filled.length - 1]!];
  for (const k of sample) {
    const f = plan.cells[k]!;
    const own = await tileDiff(page, png, plan, k, tw, th, f);
    const other = plan.cells.find((g) => g && g.video !== f.video) ?? plan.cells.find((g) => g && Math.abs(g.frame - f.frame) > 5)!;
    const foreign = await tileDiff(page, png, plan, k, tw, th, other!);
    console.log(`tile ${k}: ${f.video}#${f.frame} differs by ${own.toFixed(2)} (another frame: ${foreign.toFixed(2)})`);
    expect(own).toBeLessThan(6);
    expect(foreign).toBeGreaterThan(own * 2);
  }
  const empty = plan.cells.findIndex((f) => !f);
  if (empty >= 0) {
    const c = empty % plan.columns, r = Math.floor(empty / plan.columns);
    const o = ((r * th + th / 2) * png.width + c * tw + tw / 2) * 3;
    expect([png.rgb[o], png.rgb[o + 1], png.rgb[o + 2]]).toEqual(BG);
  }
}

/** Exports the planned poster as PNG, checks its exact size and sampled tiles; returns the plan. */
async function exportAndCheck(page: Page, [width, height]: [number, number], [tw, th]: [number, number]): Promise<PosterCells> {
  const plan = await posterPlan(page);
  const png = decodePng(await download(page));
  expect([png.width, png.height]).toEqual([width, height]);
  await checkTiles(page, png, plan, tw, th);
  return plan;
}

test('posters of 5874 × 5400 and 20,000 px wide are streamed as PNG with the planned frames in their tiles', async ({ page, api }) => {
  test.setTimeout(1_800_000);
  // The save-file picker is browser UI: here it answers with a file in the page's private storage, as a user's choice would.
  await page.addInitScript(() => {
    (window as unknown as { showSaveFilePicker: () => Promise<FileSystemFileHandle> }).showSaveFilePicker = async () =>
      (await navigator.storage.getDirectory()).getFileHandle('picked.png', { create: true });
  });
  const lib = new LibraryPage(page);
  await lib.open();
  await api.setParams({ sampling: { mode: 'every-nth', n: 5 }, height: 300, format: 'webp', quality: 80 });
  await lib.add(GOOD_VIDEOS.map((v) => v.path));
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  await page.getByTestId('map-reset').click();
  await page.getByTestId('poster-open').click();
  await expect(page.getByTestId('poster-dialog')).toBeVisible();

  // The reference poster: 11 × 18 tiles of 534 × 300.
  await setPoster(page, { 'center-x': '0', 'center-y': '0', window: '2.2', columns: '11', rows: '18', 'tile-width': '534', 'tile-height': '300' });
  const size = page.getByTestId('poster-size');
  await expect(size).toHaveAttribute('data-width', '5874');
  await expect(size).toHaveAttribute('data-height', '5400');
  const plan = await exportAndCheck(page, [5874, 5400], [534, 300]);
  expect(new Set(plan.cells.filter(Boolean).map((f) => `${f!.video}#${f!.frame}`)).size).toBe(plan.cells.filter(Boolean).length);

  // 20,000 px wide: 40 columns of 500 × 300, 4 rows.
  await setPoster(page, { columns: '40', rows: '4', 'tile-width': '500', 'tile-height': '300', window: '2.2' });
  await expect(size).toHaveAttribute('data-width', '20000');
  await expect(size).toHaveAttribute('data-height', '1200');
  await exportAndCheck(page, [20000, 1200], [500, 300]);

  // Cancel stops an export part-way: no download, the status says so, and the next export works (the steps below).
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.getByTestId('poster-download').click();
  await page.getByTestId('poster-cancel').click();
  await expect(page.getByTestId('poster-status')).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('poster-status')).toContainText('cancelled');
  await page.waitForTimeout(1000);
  expect(downloads).toBe(0);

  // Gapless: every frame in the window gets a cell; only the last row's remainder stays empty.
  await setPoster(page, { columns: '11', rows: '', 'tile-width': '534', 'tile-height': '300', window: '2.2' });
  await page.getByTestId('poster-gapless').check();
  const gapless = await posterPlan(page);
  const used = gapless.cells.filter(Boolean);
  expect(gapless.cells.length - used.length).toBeLessThan(11);
  expect(new Set(used.map((f) => `${f!.video}#${f!.frame}`)).size).toBe(used.length);
  await expect(size).toHaveAttribute('data-height', String(gapless.rows * 300));
  await page.getByTestId('poster-gapless').uncheck();

  // Formats: WebP beyond 16,383 px is refused with a reason; a small JPEG is a JPEG of the right size.
  await setPoster(page, { columns: '40', rows: '4', 'tile-width': '500' });
  await page.getByTestId('poster-format').selectOption('webp');
  await expect(page.getByTestId('poster-limit')).toContainText('16,383');
  await expect(page.getByTestId('poster-download')).toBeDisabled();
  await page.getByTestId('poster-format').selectOption('jpeg');
  await setPoster(page, { columns: '6', rows: '3', 'tile-width': '320', 'tile-height': '180' });
  const jpeg = await download(page);
  expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
  const dims = await page.evaluate(async (b64) => {
    const bmp = await createImageBitmap(await (await fetch(`data:image/jpeg;base64,${b64}`)).blob());
    return [bmp.width, bmp.height];
  }, jpeg.toString('base64'));
  expect(dims).toEqual([1920, 540]);

  // Full resolution from the original files (added in this session): sharper tiles than the stored 300-px thumbnails.
  await page.getByTestId('poster-format').selectOption('png');
  await setPoster(page, { columns: '4', rows: '3', 'tile-width': '1280', 'tile-height': '720' });
  const hiPlan = await posterPlan(page);
  const fromStore = decodePng(await download(page));
  await page.getByTestId('poster-source').selectOption('original');
  const fromOriginal = decodePng(await download(page));
  expect([fromOriginal.width, fromOriginal.height]).toEqual([5120, 2160]);
  const playable = hiPlan.cells.map((f, k) => (f && !f.video.endsWith('.avi') ? k : -1)).filter((k) => k >= 0);
  expect(playable.length).toBeGreaterThan(0);
  for (const k of playable.slice(0, 3)) {
    const [a, b] = [sharpness(fromStore, k, hiPlan.columns, 1280, 720), sharpness(fromOriginal, k, hiPlan.columns, 1280, 720)];
    console.log(`tile ${k} (${hiPlan.cells[k]!.video}): edge energy ${a.toFixed(1)} from the store, ${b.toFixed(1)} from the original`);
    expect(b).toBeGreaterThan(a * 1.2);
    expect(await tileDiff(page, fromOriginal, hiPlan, k, 1280, 720, hiPlan.cells[k]!)).toBeLessThan(20); // the same picture, sharper
  }
  await page.getByTestId('poster-source').selectOption('stored');
  await setPoster(page, { columns: '6', rows: '3', 'tile-width': '320', 'tile-height': '180' });

  // "Save as…": straight into the file the save-file picker returns (answered by the init script above).
  await page.getByTestId('poster-format').selectOption('png');
  await page.getByTestId('poster-save').click();
  // The picked file is replaced only when the export closes it: until then it reads as empty, or is briefly not
  // there at all (the picker's answer creates it, the export's close swaps it in): both read as no bytes yet.
  const readPicked = () =>
    page.evaluate(async () => {
      try {
        const f = await (await (await navigator.storage.getDirectory()).getFileHandle('picked.png')).getFile();
        return Array.from(new Uint8Array(await f.arrayBuffer()));
      } catch (e) {
        if ((e as DOMException).name === 'NotFoundError') return [];
        throw e;
      }
    });
  await expect.poll(async () => (await readPicked()).length, SLOW).toBeGreaterThan(0);
  await expect(page.getByTestId('poster-status')).toHaveAttribute('data-state', 'done');
  const savedPng = decodePng(Uint8Array.from(await readPicked()));
  expect([savedPng.width, savedPng.height]).toEqual([1920, 540]);
});

test('the poster window starts on the frames, counts them, and an empty window is refused with a warning', async ({ page, api }) => {
  test.setTimeout(600_000);
  const map = new MapPage(page);
  await map.openSynthetic(6, 40, 7);
  const coords = await api.layout().then((l) => l!.coords);

  // Zoom into an empty part of the layout: the point of [-1, 1]² farthest from every frame, the view 0.1 wide.
  let empty = [0, 0], gap = 0;
  for (let x = -1; x <= 1; x += 0.05)
    for (let y = -1; y <= 1; y += 0.05) {
      let d = Infinity;
      for (let i = 0; i < coords.length; i += 2) d = Math.min(d, Math.hypot(coords[i]! - x, coords[i + 1]! - y));
      if (d > gap) [empty, gap] = [[x, y], d];
    }
  expect(gap).toBeGreaterThan(0.15);
  const { width } = await map.state();
  await map.setView([empty[0]! * 512, -empty[1]! * 512], Math.log2(width / (0.1 * 512)));

  // Opened there, the poster still covers the frames: its window is their extent, at the poster's aspect.
  await page.getByTestId('poster-open').click();
  const want = fitWindow(framesExtent(coords)!, { columns: 11, rows: null, tileWidth: 534, tileHeight: 300 });
  await expect(page.getByTestId('poster-window')).toHaveValue(String(want.window));
  await expect(page.getByTestId('poster-center-x')).toHaveValue(String(want.centerX));
  await expect(page.getByTestId('poster-center-y')).toHaveValue(String(want.centerY));
  const counts = page.getByTestId('poster-window-frames');
  const frames = Number(await counts.getAttribute('data-frames'));
  const fill = Number(await counts.getAttribute('data-fill'));
  expect(frames).toBeGreaterThanOrEqual(236); // 0.5–99.5 % per axis, and half a cell spare: (nearly) all of them
  expect(fill).toBeGreaterThan(0);
  const plan = await posterPlan(page);
  const filled = plan.cells.filter(Boolean).length;
  expect(Number(await counts.getAttribute('data-filled'))).toBe(filled);
  expect(fill).toBeCloseTo(filled / plan.cells.length, 3);
  await expect(counts).toContainText(`${frames} frames in the window`);
  await expect(counts).toContainText(`${Math.round(100 * fill)} %`);
  await expect(page.getByTestId('poster-warning').and(page.locator('[data-kind=empty]'))).toHaveCount(0);

  // The default export (smaller tiles, same window) shows those frames: filled tiles are pictures, empty ones background.
  await setPoster(page, { 'tile-width': '178', 'tile-height': '100' });
  await expect(page.getByTestId('poster-window')).toHaveValue(String(want.window));
  const small = await posterPlan(page);
  expect(small.cells.filter(Boolean).length).toBeGreaterThan(3);
  const png = decodePng(await download(page));
  expect([png.width, png.height]).toEqual([small.columns * 178, small.rows * 100]);
  small.cells.forEach((f, k) => {
    const c = k % small.columns, r = Math.floor(k / small.columns);
    const o = ((r * 100 + 25) * png.width + c * 178 + 30) * 3; // away from the drawn number
    const isBg = [png.rgb[o], png.rgb[o + 1], png.rgb[o + 2]].every((v, j) => v === BG[j]);
    expect(isBg, `tile ${k} (${f ? `${f.video}#${f.frame}` : 'empty'})`).toBe(!f);
  });

  // "Use current view": the empty zoomed-in view holds no frames; the dialog says so and refuses to export.
  await page.getByTestId('poster-use-view').click();
  await expect(page.getByTestId('poster-window')).toHaveValue('0.1');
  await expect(counts).toHaveAttribute('data-frames', '0');
  await expect(counts).toHaveAttribute('data-fill', '0.000');
  const warning = page.getByTestId('poster-warning');
  await expect(warning).toHaveAttribute('data-kind', 'empty');
  await expect(warning).toContainText('no frames');
  await expect(page.getByTestId('poster-download')).toBeDisabled();
  await expect(page.getByTestId('poster-save')).toBeDisabled();

  // "Fit to frames" brings them back; a window moved off the frames by hand is refused again.
  await page.getByTestId('poster-fit').click();
  await expect(page.getByTestId('poster-window')).toHaveValue(String(want.window));
  await expect(counts).toHaveAttribute('data-frames', String(frames));
  await expect(page.getByTestId('poster-download')).toBeEnabled();
  await setPoster(page, { 'center-x': '5' });
  await expect(warning).toHaveAttribute('data-kind', 'empty');
  await expect(page.getByTestId('poster-download')).toBeDisabled();

  // Far zoomed out, most cells would stay background: a warning suggesting gapless or fewer columns, export still allowed.
  await setPoster(page, { 'center-x': '0', 'center-y': '0', window: '10' });
  await expect(warning).toHaveAttribute('data-kind', 'sparse');
  await expect(warning).toContainText(/gapless.*fewer columns/);
  await expect(page.getByTestId('poster-download')).toBeEnabled();
  await page.getByTestId('poster-gapless').check();
  await expect(warning).toHaveCount(0);
  expect(Number(await counts.getAttribute('data-fill'))).toBeGreaterThan(0.9);
});
