// Project bundles: a library of three videos with a layout, exported as one
// `.atlas` download, comes back in a fresh browser profile with the same
// videos, frame counts, coordinates (bit for bit) and clip-search answer; a
// truncated bundle and a random file are refused with a message and change
// nothing; a bundle that shares a video with the library merges in as the union.
// The same library published as a static atlas: served by a plain static server,
// the viewer shows the map, zooms through the levels, answers similar-frame
// search from the bundled index as the app does, asks nothing of any other
// origin, and opens again with the server gone.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { expect, test, type Page } from './test';
import { testApi } from './testApi';
import { serveFolder } from './staticServer';
import { FIXTURE_DIR, GOOD_VIDEOS, makeClip } from './fixtures';
import { LibraryPage } from './library.page';
import { MapPage } from './map.page';

const SLOW = { timeout: 600_000 };

/** Names and stored frames of every row. */
async function rows(page: Page): Promise<Record<string, number>> {
  const els = await page.getByTestId('video-row').all();
  return Object.fromEntries(await Promise.all(els.map(async (e) => [await e.getAttribute('data-name'), Number(await e.getAttribute('data-frames'))] as const)));
}

async function exportBundle(page: Page, path: string): Promise<void> {
  await page.getByTestId('share-toggle').click();
  const [download] = await Promise.all([page.waitForEvent('download', SLOW), page.getByTestId('bundle-export').click()]);
  await download.saveAs(path);
  await expect(page.getByTestId('bundle-status')).toHaveAttribute('data-state', 'done');
  console.log(`${await page.getByTestId('bundle-status').textContent()}`);
  await page.getByTestId('share-close').click();
}

/** Imports a bundle and waits for the app to start again on it. */
async function importBundle(page: Page, path: string): Promise<string> {
  await page.getByTestId('share-toggle').click();
  const reopened = page.waitForEvent('load', SLOW);
  await page.getByTestId('bundle-import').setInputFiles(path);
  const status = page.getByTestId('bundle-status');
  await expect(status).toHaveAttribute('data-state', 'done', SLOW);
  const said = (await status.textContent()) ?? '';
  await reopened;
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  return said;
}

async function clipAnswer(page: Page, clip: string): Promise<string[]> {
  await page.getByTestId('search-toggle').click();
  await page.getByTestId('clip-query').setInputFiles(clip);
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'done', SLOW);
  const results = await page.getByTestId('clip-result').all();
  const out = await Promise.all(results.map(async (r) => `${await r.getAttribute('data-video')}@${await r.getAttribute('data-offset')}:${await r.getAttribute('data-score')}`));
  await page.getByTestId('search-toggle').click();
  return out;
}

/** Publishes the atlas (default options: the videos shown, hover images, the index) and unpacks the ZIP. */
async function publishAtlas(page: Page, dir: string): Promise<number> {
  await page.getByTestId('share-toggle').click();
  const zip = `${dir}.zip`;
  const [download] = await Promise.all([page.waitForEvent('download', SLOW), page.getByTestId('publish-atlas').click()]);
  await download.saveAs(zip);
  await expect(page.getByTestId('publish-status')).toHaveAttribute('data-state', 'done');
  console.log(`${await page.getByTestId('publish-status').textContent()}`);
  await page.getByTestId('share-close').click();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, dir]); // an independent unzip
  return statSync(zip).size;
}

/** The published folder in a plain static server, opened in a fresh profile. */
async function checkViewer(browser: Browser, dir: string, app: Page): Promise<void> {
  const server = await serveFolder(dir);
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const asked: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('request', (r) => asked.push(r.url()));
  try {
    await page.goto(`${server.origin}/index.html`);
    const map = page.getByTestId('viewer-map');
    await expect(map).toHaveAttribute('data-state', 'ready', SLOW);
    await expect.poll(async () => Number(await map.getAttribute('data-tiles'))).toBeGreaterThan(0);
    const level0 = Number(await map.getAttribute('data-level'));
    const tiles0 = Number(await map.getAttribute('data-tiles'));

    // Zooming changes the level (out, where the first view already shows the deepest), and that level's tiles load.
    const deepest = Number(await map.getAttribute('data-top-level'));
    const zoom = page.getByTestId(level0 < deepest ? 'viewer-zoom-in' : 'viewer-zoom-out');
    await zoom.click();
    await zoom.click();
    await expect.poll(async () => Number(await map.getAttribute('data-level'))).not.toBe(level0);
    const level1 = Number(await map.getAttribute('data-level'));
    await expect.poll(async () => Number(await map.getAttribute('data-tiles'))).toBeGreaterThan(tiles0);
    expect(server.requests.some((p) => p.startsWith(`/tiles/${level1}/`)), `tiles of level ${level1} asked for`).toBe(true);

    await page.keyboard.press('0'); // back to the first view
    // Hover shows the frame; a click selects it and lists its similar frames from the bundled index.
    // A frame drawn where nothing covers the map (the video list lies over its left edge).
    const { row, at } = await page.evaluate(() => {
      const v = (window as unknown as { __viewer: { visibleRows(): number[]; screenOf(r: number): [number, number] } }).__viewer;
      const row = v.visibleRows().find((r) => document.elementFromPoint(...v.screenOf(r))?.tagName === 'CANVAS')!;
      return { row, at: v.screenOf(row) };
    });
    await page.mouse.move(at[0], at[1]);
    const hover = page.getByTestId('viewer-hover');
    await expect(hover).toBeVisible();
    await expect(hover).toHaveAttribute('data-row', String(row));
    await expect.poll(() => hover.locator('img').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
    await page.mouse.click(at[0], at[1]);
    await expect(page.getByTestId('viewer-selected')).toHaveAttribute('data-row', String(row));
    const similar = page.getByTestId('viewer-similar');
    await expect(similar).toHaveAttribute('data-state', 'done', SLOW);
    const viewerRows = (await similar.locator('li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-row')))));
    // Every video is shown, so the published rows are the layout's rows: the app's own answer for the same frame.
    const appRows = await testApi(app).similarRows(row, viewerRows.length);
    console.log(`similar to row ${row}: viewer ${viewerRows.join(',')}; app ${appRows.join(',')}`);
    expect(viewerRows).toHaveLength(12);
    expect(viewerRows).not.toContain(row);
    expect(viewerRows[0]).toBe(appRows[0]);
    expect(viewerRows.filter((r) => appRows.includes(r)).length).toBeGreaterThanOrEqual(10);

    // Points mode and a video's path.
    await page.getByTestId('viewer-mode-points').click();
    await expect(map).toHaveAttribute('data-mode', 'points');
    await page.getByTestId('viewer-videos').getByRole('button').first().click();
    await expect(page.getByTestId('viewer-videos').getByRole('button').first()).toHaveAttribute('aria-pressed', 'true');

    // Offline: once its service worker holds what was seen, the atlas opens with the server gone.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload(); // now every file goes through the worker
    await expect(map).toHaveAttribute('data-state', 'ready');
    // Every tile of the view in (the worker stores each file before handing it over): no count change for a second.
    let seen = -1;
    await expect.poll(async () => {
      const n = Number(await map.getAttribute('data-tiles'));
      const steady = n > 0 && n === seen;
      seen = n;
      return steady;
    }, { intervals: [1000] }).toBe(true);
    await server.close();
    await page.reload();
    await expect(map).toHaveAttribute('data-state', 'ready', SLOW);
    await expect.poll(async () => Number(await map.getAttribute('data-tiles'))).toBeGreaterThan(0);

    const foreign = asked.filter((u) => /^https?:/.test(u) && !u.startsWith(server.origin));
    expect(foreign, 'requests that left the folder').toEqual([]);
    expect(server.missing, 'files the viewer asked for that the folder lacks').toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
    await server.close();
  }
}

async function untilComplete(page: Page): Promise<void> {
  await expect(page.getByTestId('pipeline-status')).toHaveAttribute('data-phase', 'ready', SLOW);
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
}

test('a bundle restores the atlas in a fresh profile, refuses damaged files and merges as a union', async ({ page, browser }) => {
  test.setTimeout(1_800_000);
  const lib = new LibraryPage(page);
  const map = new MapPage(page);
  await lib.open();
  await lib.add(GOOD_VIDEOS.map((v) => v.path));
  await untilComplete(page);
  const before = { rows: await rows(page), points: await map.points() };
  const clip = join(FIXTURE_DIR, 'bundle-clip.mp4');
  makeClip(GOOD_VIDEOS[0]!.path, 2, 4, 'brighter', clip);
  const answer = await clipAnswer(page, clip);
  expect(answer.length).toBeGreaterThan(0);
  const bundle = join(FIXTURE_DIR, 'three.atlas');
  await exportBundle(page, bundle);

  // The same atlas published as a static folder.
  const published = join(FIXTURE_DIR, 'published');
  const zipBytes = await publishAtlas(page, published);
  console.log(`published: ${(zipBytes / 2 ** 20).toFixed(1)} MiB for ${before.points.length / 2} frames`);
  await checkViewer(browser, published, page);

  // A fresh profile: the same atlas.
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page2 = await other.newPage();
  const errors: string[] = [];
  page2.on('pageerror', (e) => errors.push(e.message));
  const lib2 = new LibraryPage(page2);
  const map2 = new MapPage(page2);
  await lib2.open();
  const said = await importBundle(page2, bundle);
  expect(said).toContain(`Imported ${GOOD_VIDEOS.length} videos`);
  await expect(map2.map).toHaveAttribute('data-frames', String(before.points.length / 2), SLOW);
  expect(await rows(page2)).toEqual(before.rows);
  const points = await map2.points();
  expect(Buffer.from(Float32Array.from(points).buffer).equals(Buffer.from(Float32Array.from(before.points).buffer)), 'coordinates bit for bit').toBe(true);
  await expect(page2.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready');
  expect(await clipAnswer(page2, clip)).toEqual(answer);

  // A truncated bundle and a random file: refused with a message; the library as it was.
  const bytes = readFileSync(bundle);
  const cut = join(FIXTURE_DIR, 'cut.atlas'), noise = join(FIXTURE_DIR, 'noise.atlas');
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  writeFileSync(noise, randomBytes(200_000));
  await page2.getByTestId('share-toggle').click();
  for (const [file, why] of [[cut, /truncated|missing/], [noise, /not a Frame Atlas bundle/]] as const) {
    await page2.getByTestId('bundle-import').setInputFiles(file);
    const status = page2.getByTestId('bundle-status');
    await expect(status).toHaveAttribute('data-state', 'error', SLOW);
    await expect(status).toContainText(why);
    await expect(status).toContainText('Nothing was changed');
  }
  await page2.reload();
  await expect(page2.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  expect(await rows(page2)).toEqual(before.rows);

  // Merge: a bundle of one video the library has and one it lacks gives the union, placed on the current map.
  const third = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page3 = await third.newPage();
  page3.on('pageerror', (e) => errors.push(e.message));
  const lib3 = new LibraryPage(page3);
  await lib3.open();
  const extra = join(FIXTURE_DIR, 'bundle-extra.mp4');
  makeClip(GOOD_VIDEOS[1]!.path, 0, 6, 'cropped', extra);
  await lib3.add([GOOD_VIDEOS[2]!.path, extra]);
  // Frames and features are what a merge takes (not this profile's layout).
  for (const name of [GOOD_VIDEOS[2]!.name, 'bundle-extra.mp4']) await expect(lib3.row(name)).toHaveAttribute('data-status', 'done', SLOW);
  const extraFrames = await lib3.frames('bundle-extra.mp4');
  await expect(lib3.row('bundle-extra.mp4')).toHaveAttribute('data-features', String(extraFrames), SLOW);
  await expect(lib3.row(GOOD_VIDEOS[2]!.name)).toHaveAttribute('data-features', String(await lib3.frames(GOOD_VIDEOS[2]!.name)), SLOW);
  const pair = join(FIXTURE_DIR, 'pair.atlas');
  await exportBundle(page3, pair);
  await third.close();

  const merged = await importBundle(page2, pair);
  expect(merged).toContain('1 video added, 1 already here');
  const union = { ...before.rows, 'bundle-extra.mp4': extraFrames };
  await expect(page2.getByTestId('video-row')).toHaveCount(Object.keys(union).length);
  expect(await rows(page2)).toEqual(union);
  // Its features came along (the same model): placed by the current encoder, nothing computed again.
  await expect(lib2.row('bundle-extra.mp4')).toHaveAttribute('data-features', String(extraFrames));
  const total = Object.values(union).reduce((a, b) => a + b, 0);
  await expect(map2.map).toHaveAttribute('data-frames', String(total), SLOW);
  await other.close();
  expect(errors).toEqual([]);
});
