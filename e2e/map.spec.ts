// The atlas in real Chromium, on a layout trained from the e2e videos: the
// thumbnail grid at three zoom levels (no frame twice, each cell the frame
// nearest its centre), points, paths, the most dissimilar videos, hover and
// the inspector (with the source video, and re-linking it after a reload),
// region selection, and the map's state surviving a reload.
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from './test';
import { GOOD_VIDEOS } from './fixtures';
import { LibraryPage } from './library.page';
import { MapPage } from './map.page';
import type { MapState } from './testApi';

const SLOW = { timeout: 900_000 };

/**
 * Every drawn cell holds a distinct frame: one that lies inside it and is the nearest to its centre, or, where no
 * frame lies inside it, one that lost its own cell to a nearer frame and spilled over from at most 4 cells away.
 */
function checkGrid(s: MapState, points: number[]): void {
  const rows = s.cells.map((c) => c.row);
  expect(new Set(rows).size).toBe(rows.length);
  const byCell = new Map<string, number[]>();
  const cellOf = (i: number) => [Math.floor(points[2 * i]! / s.cellW), Math.floor(points[2 * i + 1]! / s.cellH)] as const;
  for (let i = 0; i < points.length / 2; i++) {
    const key = cellOf(i).join(',');
    byCell.set(key, [...(byCell.get(key) ?? []), i]);
  }
  const dist = (i: number, cx: number, cy: number) => ((points[2 * i]! / s.cellW - cx - 0.5) ** 2 + (points[2 * i + 1]! / s.cellH - cy - 0.5) ** 2);
  let spilled = 0;
  for (const c of s.cells) {
    const members = byCell.get(`${c.cx},${c.cy}`) ?? [];
    if (!members.length) {
      const [ox, oy] = cellOf(c.row);
      expect(Math.max(Math.abs(ox - c.cx), Math.abs(oy - c.cy))).toBeLessThanOrEqual(4);
      const own = byCell.get(`${ox},${oy}`)!;
      expect(own.some((i) => i !== c.row && dist(i, ox, oy) <= dist(c.row, ox, oy))).toBe(true); // it lost its cell
      spilled++;
      continue;
    }
    expect(members).toContain(c.row);
    const best = Math.min(...members.map((i) => dist(i, c.cx, c.cy)));
    expect(dist(c.row, c.cx, c.cy)).toBeCloseTo(best, 9);
  }
  console.log(`${s.cells.length} cells drawn, ${spilled} with a frame spilled over from a crowded cell`);
}

/** A drawn cell whose centre is well inside the map (not under the mini-map), in page px. */
async function cellInView(map: MapPage, s: MapState): Promise<{ cell: MapState['cells'][number]; x: number; y: number }> {
  const box = (await map.map.boundingBox())!;
  const i = s.insets; // clear of the panels over the map (the library drawer, search, the frame strip)
  for (const cell of s.cells) {
    const [x, y] = await map.toPage((cell.cx + 0.5) * s.cellW, (cell.cy + 0.5) * s.cellH);
    const inside = x > box.x + i.left + 40 && x < box.x + box.width - i.right - 200 && y > box.y + 40 && y < box.y + box.height - i.bottom - 40;
    if (inside) return { cell, x, y };
  }
  throw new Error('no thumbnail well inside the view');
}

async function frameTime(page: Page, name: string, frame: number): Promise<number> {
  return (await new LibraryPage(page).frameTimes(name))[frame]!;
}

test('the map tiles frames by zoom level, draws paths, inspects frames and selects regions', async ({ page, api }, info) => {
  test.setTimeout(1_800_000);
  const lib = new LibraryPage(page);
  const map = new MapPage(page);
  await lib.open();
  // Every 5th frame: about 200 frames, enough for a map with crowded cells.
  await api.setParams({ sampling: { mode: 'every-nth', n: 5 }, height: 300, format: 'webp', quality: 80 });
  await lib.add(GOOD_VIDEOS.map((v) => v.path));
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  const total = (await Promise.all(GOOD_VIDEOS.map((v) => lib.frames(v.name)))).reduce((a, b) => a + b, 0);
  await expect(map.map).toHaveAttribute('data-frames', String(total));
  // Group labels (found once the map is complete) are turned off here: this test points at frames under them.
  await expect(page.getByTestId('clusters-status')).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(page.getByTestId('cluster-label').first()).toBeVisible();
  await page.getByTestId('clusters-labels').click();
  await expect(page.getByTestId('cluster-label')).toHaveCount(0);
  await page.getByTestId('frame-strip-close').click(); // more room for the map
  await page.getByTestId('library-close').click(); // all of it
  const firstView = await map.settled(); // thumbnails sized by the map
  console.log(`first view: ${firstView.cells.length} of ${total} frames, thumbnails ${Math.round(firstView.cellW * 2 ** firstView.zoom)} px wide, ${firstView.width} × ${firstView.height} px map`);
  expect(firstView.cells.length).toBe(firstView.occupied); // every thumbnail whole in the view
  // Large thumbnails: the overview then leaves many frames for the deeper levels to show.
  await page.getByTestId('map-cell-size').selectOption('320');
  const points = await map.points();
  expect(points).toHaveLength(2 * total);

  // Three zoom levels: the whole map, then twice closer around a drawn frame.
  const levels: MapState[] = [];
  const shots: Awaited<ReturnType<MapPage['pixels']>>[] = [];
  const capture = async () => {
    await page.mouse.move(1, 1); // no hover card in the pictures
    const s = await map.settled();
    expect(Number(await map.map.getAttribute('data-zoom'))).toBeCloseTo(s.zoom, 2);
    expect(Number(await map.map.getAttribute('data-tiles'))).toBe(s.cells.length);
    levels.push(s);
    shots.push(await map.pixels());
  };
  await page.getByTestId('map-reset').click();
  await capture();
  // Zoom in where most distinct thumbnails will show (the layout's shape depends on the features): the most
  // quarter-size cells holding a frame within a cell of it. A still video's frames all lie on one spot, so plain
  // density would pick a place that shows one thumbnail at every level.
  const near = (row: number) => {
    const [x, y] = [points[2 * row]!, points[2 * row + 1]!];
    const [w, h] = [levels[0]!.cellW, levels[0]!.cellH];
    const cells = new Set<string>();
    for (let i = 0; i < total; i++) {
      const [px, py] = [points[2 * i]!, points[2 * i + 1]!];
      if (Math.abs(px - x) < w && Math.abs(py - y) < h) cells.add(`${Math.floor((4 * px) / w)},${Math.floor((4 * py) / h)}`);
    }
    return cells.size;
  };
  const mapBox = (await map.map.boundingBox())!;
  const reachable: typeof levels[0]['cells'] = [];
  const { left, right, bottom } = levels[0]!.insets; // not under the library drawer, search or the frame strip
  for (const c of levels[0]!.cells) {
    const [x, y] = await map.toPage(points[2 * c.row]!, points[2 * c.row + 1]!);
    const clear = x > mapBox.x + left + 40 && x < mapBox.x + mapBox.width - right - 200 && y > mapBox.y + 40 && y < mapBox.y + mapBox.height - bottom - 40;
    if (clear) reachable.push(c); // nor under the mini-map
  }
  const centre = reachable.reduce((best, c) => (near(c.row) > near(best.row) ? c : best));
  const [px, py] = await map.toPage(points[2 * centre.row]!, points[2 * centre.row + 1]!);
  await page.mouse.move(px, py);
  // Wheel zoom around the cursor (each notch at most doubles the scale).
  for (let i = 0; i < 2; i++) {
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(300);
  }
  await expect.poll(async () => (await map.state()).level).toBeGreaterThan(levels[0]!.level);
  await capture();
  // The point under the cursor stays under it, once the view is no wider than the map (wider, the pan limit keeps
  // all of the map in view and so moves the view back: navigation.spec covers that).
  const here = levels[1]!.view!;
  const [cx, cy] = [mapBox.x + mapBox.width / 2 + 40, mapBox.y + mapBox.height / 2 + 30];
  const under = [here.target[0] + 40 / 2 ** here.zoom, here.target[1] + 30 / 2 ** here.zoom] as const;
  await page.mouse.move(cx, cy);
  await page.mouse.wheel(0, -400);
  await expect.poll(async () => (await map.state()).zoom).toBeGreaterThan(here.zoom + 0.5);
  const [qx, qy] = await map.toPage(under[0], under[1]);
  expect(Math.hypot(qx - cx, qy - cy)).toBeLessThan(3);
  await map.setView([points[2 * centre.row]!, points[2 * centre.row + 1]!], levels[1]!.zoom + 1.5);
  await capture();
  for (const [i, s] of levels.entries()) {
    await info.attach(`map-level-${s.level}.png`, { body: shots[i]!.png, contentType: 'image/png' });
    writeFileSync(info.outputPath(`map-level-${s.level}.png`), shots[i]!.png);
    console.log(`zoom ${s.zoom.toFixed(2)} level ${s.level}: ${s.cells.length} thumbnails (cell ${s.cellW.toFixed(1)} world units), ${(100 * shots[i]!.filled).toFixed(0)} % of the view filled`);
    checkGrid(s, points);
    if (i > 0) {
      expect(s.level).toBeGreaterThan(levels[i - 1]!.level);
      expect(s.cellW).toBeLessThan(levels[i - 1]!.cellW); // finer
    }
  }
  // Zoomed in, every drawn cell shows its image: the pixels covered match the cells' share of the view.
  for (const i of [1, 2]) {
    const s = levels[i]!;
    const [vx, vy] = [s.view!.target[0] - s.width / 2 / 2 ** s.zoom, s.view!.target[1] - s.height / 2 / 2 ** s.zoom];
    const [vw, vh] = [s.width / 2 ** s.zoom, s.height / 2 ** s.zoom];
    const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
    const cellsShare = s.cells.reduce((sum, c) => sum + overlap(c.cx * s.cellW, (c.cx + 1) * s.cellW, vx, vx + vw) * overlap(c.cy * s.cellH, (c.cy + 1) * s.cellH, vy, vy + vh), 0) / (vw * vh);
    console.log(`level ${s.level}: cells cover ${(100 * cellsShare).toFixed(0)} % of the view, pictures ${(100 * shots[i]!.filled).toFixed(0)} %`);
    expect(cellsShare).toBeGreaterThan(0.02);
    expect(shots[i]!.filled).toBeGreaterThan(0.6 * cellsShare);
  }
  // The closest view shows frames that the overview had no room for.
  const overview = new Set(levels[0]!.cells.map((c) => c.row));
  expect(levels[2]!.cells.some((c) => !overview.has(c.row))).toBe(true);

  // Hover shows the frame under the pointer; a click opens it in the inspector.
  const { cell: pick, x: hx, y: hy } = await cellInView(map, levels[2]!); // the view now
  await page.mouse.move(hx, hy);
  await expect(page.getByTestId('hover-card')).toHaveAttribute('data-video', pick.video);
  await expect(page.getByTestId('hover-card')).toHaveAttribute('data-frame', String(pick.frame));
  await page.mouse.click(hx, hy);
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-video', pick.video);
  await expect(inspector).toHaveAttribute('data-frame', String(pick.frame));
  const t = await frameTime(page, pick.video, pick.frame);
  await expect(inspector).toHaveAttribute('data-time', String(t));
  // Its neighbours in time are shown with a size (the strip once collapsed to 0 px in the scrolling inspector).
  const strip = await map.inspectorStrip();
  expect(strip.length).toBeGreaterThanOrEqual(2);
  for (const img of strip) {
    expect(img.height).toBeGreaterThan(0);
    expect(img.visibleHeight).toBeGreaterThan(0);
    expect(img.naturalWidth).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('inspector-video')).toBeVisible(); // the file was added in this session
  await expect
    .poll(() => page.getByTestId('inspector-video').evaluate((v: HTMLVideoElement) => v.currentTime))
    .toBeCloseTo(t, 1);
  await expect(page.getByTestId('similar-frame')).toHaveCount(8);
  const similar = await page.getByTestId('similar-frame').evaluateAll((els) => els.map((e) => e.getAttribute('data-row')));
  // They come from the search worker's index: the search panel's nearest frames to the same frame, in the same
  // order, never the frame itself (the main thread holds no feature vectors).
  expect(similar).not.toContain(String(pick.row));
  await page.getByTestId('search-toggle').click();
  await page.getByTestId('search-frame').click();
  await expect(page.getByTestId('search-frames-status')).toHaveAttribute('data-state', 'done');
  const panel = await page.getByTestId('search-frame-result').evaluateAll((els) => els.slice(0, 8).map((e) => e.getAttribute('data-row')));
  expect(panel).toEqual(similar);
  await page.getByTestId('search-close').click();
  await page.getByTestId('inspector-close').click();

  // Points mode: a dot per frame, no thumbnails.
  await page.getByTestId('map-mode').selectOption('points');
  await expect(map.map).toHaveAttribute('data-mode', 'points');
  await expect(map.map).toHaveAttribute('data-tiles', '0');
  await page.getByTestId('map-reset').click();
  await expect.poll(async () => (await map.pixels()).filled).toBeGreaterThan(0.001);
  const pointsShot = (await map.pixels()).png;
  await info.attach('map-points.png', { body: pointsShot, contentType: 'image/png' });
  writeFileSync(info.outputPath('map-points.png'), pointsShot);
  await page.getByTestId('map-mode').selectOption('tiles');
  await map.settled();

  // A path per selected video, in the legend with its colour, drawn over the map.
  const first = GOOD_VIDEOS[0]!.name;
  await lib.pinLibrary(); // its rows hold the path toggles
  await lib.row(first).getByTestId('path-toggle').click();
  await expect(page.locator('[data-testid=path-entry]')).toHaveCount(1);
  await expect(page.locator('[data-testid=path-entry]')).toHaveAttribute('data-video', first);
  expect((await map.state()).paths).toEqual([first]);
  const pathShot = (await map.pixels()).png;
  await info.attach('map-path.png', { body: pathShot, contentType: 'image/png' });
  writeFileSync(info.outputPath('map-path.png'), pathShot);

  // Most dissimilar videos: k paths and a strip of frames for each.
  await page.getByTestId('dissimilar-k').fill('2');
  await page.getByTestId('dissimilar').click();
  await expect(page.locator('[data-testid=path-entry]')).toHaveCount(2);
  await expect(page.locator('[data-testid=dissimilar-strip]')).toHaveCount(2);
  await expect(page.locator('[data-testid=dissimilar-strip] img').first()).toBeVisible();
  const dissimilar = (await map.state()).paths;
  expect(new Set(dissimilar).size).toBe(2);

  // A box around part of the view lists exactly the frames inside it.
  await page.getByTestId('paths-clear').click(); // the legend would cover the corner the box starts from
  await expect(page.getByTestId('path-legend')).toHaveCount(0);
  await page.getByTestId('map-reset').click();
  const fit = await map.settled();
  await page.getByTestId('map-tool-box').click();
  const box = (await map.map.boundingBox())!;
  // Over the left half of the part of the map no panel covers.
  const cover = fit.insets;
  const [x0, y0, x1, y1] = [box.x + cover.left + 10, box.y + 10, box.x + cover.left + (box.width - cover.left - cover.right) / 2, box.y + box.height - cover.bottom - 10];
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 4 });
  await page.mouse.move(x1, y1, { steps: 4 });
  await page.mouse.up();
  const drawn = await map.state(); // the view the region was drawn on
  const scale = 2 ** drawn.zoom;
  // Frames within a pixel of the box's edge may fall either way (the page's box and the map's size round apart).
  const inBox = (slack: number) => Array.from({ length: total }, (_, i) => i).filter((i) => {
    const sx = (points[2 * i]! - drawn.view!.target[0]) * scale + drawn.width / 2 + box.x;
    const sy = (points[2 * i + 1]! - drawn.view!.target[1]) * scale + drawn.height / 2 + box.y;
    return sx >= x0 + slack && sx <= x1 - slack && sy >= y0 + slack && sy <= y1 - slack;
  }).length;
  expect(inBox(1)).toBeGreaterThan(0);
  const region = page.getByTestId('region');
  await expect(region).toBeVisible();
  const selected = Number(await region.getAttribute('data-frames'));
  expect(selected).toBeGreaterThanOrEqual(inBox(1));
  expect(selected).toBeLessThanOrEqual(inBox(-1));
  await expect(page.getByTestId('region-video').first()).toBeVisible();
  await page.getByTestId('map-tool-pan').click();

  // Reload: mode, paths and view come back; the original file must be re-linked to play.
  await lib.row(first).getByTestId('path-toggle').click();
  const before = await map.state();
  expect(before.paths).toEqual([first]);
  await page.waitForTimeout(600); // the map saves its state 300 ms after the last change
  await page.reload();
  await expect(map.map).toHaveAttribute('data-frames', String(total), SLOW);
  const after = await map.settled();
  expect(after.paths).toEqual(before.paths);
  expect(after.zoom).toBeCloseTo(before.zoom, 3);
  const { cell: again, x: ax, y: ay } = await cellInView(map, after);
  await page.mouse.click(ax, ay);
  await expect(inspector).toHaveAttribute('data-video', again.video);
  await expect(page.getByTestId('inspector-no-file')).toBeVisible();
  const wrong = GOOD_VIDEOS.find((v) => v.name !== again.video)!;
  await page.getByTestId('inspector-relink').setInputFiles(wrong.path);
  await expect(page.getByTestId('inspector-relink-error')).toContainText('not the same video');
  await page.getByTestId('inspector-relink').setInputFiles(GOOD_VIDEOS.find((v) => v.name === again.video)!.path);
  await expect(page.getByTestId('inspector-video')).toBeVisible();
});

test('a removed video leaves the map at every level, also in tiles drawn before and after zooming back', async ({ page }) => {
  test.setTimeout(600_000);
  const lib = new LibraryPage(page);
  const map = new MapPage(page);
  await map.openSynthetic(6, 40, 3);
  await page.getByTestId('map-reset').click();
  const overview = await map.settled();
  const gone = overview.cells[0]!.video;
  // Zoom in on one of its frames, so that tiles of a deeper level are drawn (and cached) too; then back out.
  const cell = overview.cells.find((c) => c.video === gone)!;
  const points = await map.points(); // at the frame itself: an overview cell may hold a frame spilled from nearby
  await map.setView([points[2 * cell.row]!, points[2 * cell.row + 1]!], overview.zoom + 2);
  const deep = await map.settled();
  expect(deep.level).toBeGreaterThan(overview.level);
  const deepCell = deep.cells.find((c) => c.video === gone)!;
  expect(deepCell).toBeDefined();
  await page.getByTestId('map-reset').click();
  await map.settled();

  await lib.pinLibrary(); // its row is in the library drawer
  await lib.row(gone).getByTestId('video-remove').click();
  await expect(lib.row(gone)).toHaveCount(0);
  await expect(map.map).toHaveAttribute('data-frames', '200');
  // The overview again, and back out after zooming in: thumbnails are drawn anew, none of the removed video.
  for (const name of ['overview', 'zoomed back out']) {
    if (name !== 'overview') {
      await map.setView(deep.view!.target, deep.zoom);
      // Where its thumbnail was, the map shows another video's frame or nothing: deck's cached tile is not reused.
      const s = await map.idle();
      expect(s.cells.map((c) => c.video)).not.toContain(gone);
      const [x, y] = await map.toPage((deepCell.cx + 0.5) * s.cellW, (deepCell.cy + 0.5) * s.cellH);
      const w = (s.cellW * 2 ** s.zoom) / 2, h = (s.cellH * 2 ** s.zoom) / 2;
      const there = await map.pixels(undefined, { x: x - w / 2, y: y - h / 2, width: w, height: h });
      if (!s.cells.some((c) => c.cx === deepCell.cx && c.cy === deepCell.cy)) expect(there.filled, 'an empty cell shows the background').toBeLessThan(0.02);
      await page.getByTestId('map-reset').click();
    }
    const s = await map.settled();
    expect(s.cells.length, name).toBeGreaterThan(0);
    expect(s.cells.map((c) => c.video), name).not.toContain(gone);
  }
});
