// The map first, at 1440 × 900: the library is a drawer that is open while
// there is no map or videos ingest, and gives the map the window once the map
// is complete (the canvas then covers ≥ 75 % of the viewport); opened again,
// the first view fits the frames beside it. The legend hides, shows and
// filters videos, and the map, paths and search follow it across a reload.
import { expect, test, type Page } from './test';
import { GOOD_VIDEOS } from './fixtures';
import { LibraryPage } from './library.page';
import { expectAllInside, MapPage } from './map.page';

test.use({ viewport: { width: 1440, height: 900 } });

/** Share of the viewport the map's canvas covers. */
async function mapShare(map: MapPage): Promise<number> {
  const box = (await map.map.boundingBox())!;
  const vp = map.page.viewportSize()!;
  return (box.width * box.height) / (vp.width * vp.height);
}

const drawer = (page: Page) => page.getByTestId('library-drawer');

test('the library drawer opens while videos ingest and gives the complete map the window', async ({ page }) => {
  test.setTimeout(900_000);
  const lib = new LibraryPage(page);
  const map = new MapPage(page);
  await lib.open({ pinLibrary: false });
  await expect(drawer(page), 'no map yet: the drawer is the screen').toHaveAttribute('data-open', 'true');

  await lib.add(GOOD_VIDEOS.map((v) => v.path));
  await expect(lib.row(GOOD_VIDEOS[0]!.name), 'ingesting: rows in sight').toBeVisible();
  await expect(page.getByTestId('library-count')).toHaveText(String(GOOD_VIDEOS.length));

  await expect(page.getByTestId('pipeline-status')).toHaveAttribute('data-phase', 'ready', { timeout: 600_000 });
  await expect(drawer(page), 'the map is complete: the drawer closes').toHaveAttribute('data-open', 'false');
  await expect(lib.row(GOOD_VIDEOS[0]!.name)).toBeHidden();
  const s = await map.settled();
  const share = await mapShare(map);
  console.log(`map canvas: ${(100 * share).toFixed(1)} % of 1440×900; first view ${s.tiles}/${s.frames} frames at ${s.cellPx} px`);
  expect(share).toBeGreaterThanOrEqual(0.75);
  expect(s.insets).toEqual({ left: 0, right: 0, bottom: 0 });
  expect(s.tiles / s.frames, 'a small library shows most of its frames at once').toBeGreaterThanOrEqual(0.8);
  await page.getByTestId('map-reset').click();
  await expectAllInside(map, await map.settled(), 'Reset view');

  // Opened by hand, the drawer covers the map's left; an untouched view fits the frames into the rest.
  await page.getByTestId('library-toggle').click();
  await expect(drawer(page)).toHaveAttribute('data-open', 'true');
  await expect(lib.row(GOOD_VIDEOS[0]!.name)).toBeVisible();
  await expect.poll(async () => (await map.state()).insets.left).toBeGreaterThan(250);
  await expectAllInside(map, await map.settled(), 'beside the drawer', true);

  // The search sheet takes the right; the frame strip the foot. Neither hides a frame of an untouched view.
  await page.getByTestId('search-toggle').click();
  await lib.row(GOOD_VIDEOS[1]!.name).getByRole('button').first().click();
  await expect(page.getByTestId('frame-strip').locator('img').first()).toBeVisible();
  await expect.poll(async () => (await map.state()).insets.bottom).toBeGreaterThan(100);
  const both = await map.settled();
  expect(both.insets.right).toBeGreaterThan(250);
  await expectAllInside(map, both, 'between drawer, search and strip', true);
  // Folded, the strip keeps only its header line (remembered).
  await page.getByTestId('frame-strip-fold').click();
  await expect(page.getByTestId('frame-strip')).toHaveCount(0);
  await expect.poll(async () => (await map.state()).insets.bottom).toBeLessThan(60);
  await page.getByTestId('frame-strip-close').click();
  await page.getByTestId('search-toggle').click();

  // Closed by hand, it stays closed across a reload.
  await page.getByTestId('library-close').click();
  await expect(drawer(page)).toHaveAttribute('data-open', 'false');
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await expect(map.map).toHaveAttribute('data-frames', /\d+/);
  await expect(drawer(page)).toHaveAttribute('data-open', 'false');
  expect((await map.state()).insets.left).toBe(0);

  // Search follows the legend: a hidden video is neither offered nor ranked.
  const [a, b] = GOOD_VIDEOS;
  await page.getByTestId('search-toggle').click();
  await page.getByTestId('search-video').selectOption({ label: a!.name });
  await expect(page.getByTestId('similar-video')).toHaveCount(GOOD_VIDEOS.length - 1, { timeout: 120_000 });
  await page.getByTestId('legend-open').click();
  await page.locator(`[data-testid=legend-video][data-video="${b!.name}"]`).getByTestId('legend-toggle-video').uncheck();
  await expect(page.getByTestId('search-video').locator('option', { hasText: b!.name })).toHaveCount(0);
  await page.getByTestId('search-video').selectOption({ label: GOOD_VIDEOS[2]!.name });
  await page.getByTestId('search-video').selectOption({ label: a!.name });
  await expect(page.getByTestId('similar-video')).toHaveCount(GOOD_VIDEOS.length - 2, { timeout: 120_000 });
  await expect(page.locator(`[data-testid=similar-video][data-video="${b!.name}"]`)).toHaveCount(0);
});

test('the legend hides, shows and filters videos; the map and paths follow, and the choice survives a reload', async ({ page }) => {
  test.setTimeout(300_000);
  const map = new MapPage(page);
  const total = await map.openSynthetic(5, 40, 11);
  await map.settled();
  await page.getByTestId('legend-open').click();
  const entries = page.getByTestId('legend-video');
  await expect(entries).toHaveCount(5);
  const names = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-video')!));
  const [first, hidden] = names;

  // Paths of every video, then one hidden: its frames, cells and path leave the map.
  await page.getByTestId('dissimilar-k').fill('5');
  await page.getByTestId('dissimilar').click();
  await expect.poll(async () => (await map.state()).paths.length).toBe(5);
  await page.locator(`[data-testid=legend-video][data-video="${hidden}"]`).getByTestId('legend-toggle-video').uncheck();
  await expect(map.map).toHaveAttribute('data-frames', String(total - 40));
  await expect(page.getByTestId('legend')).toHaveAttribute('data-shown', '4');
  await expect(page.getByTestId('legend-open')).toContainText('1 hidden');
  let s = await map.settled();
  expect(s.cells.some((c) => c.video === hidden), 'no thumbnail of the hidden video').toBe(false);
  expect(s.paths).not.toContain(hidden);
  expect(s.paths.length).toBe(4);

  // The name filter narrows to one video; "Show all" brings every one back.
  await page.getByTestId('legend-filter-name').fill(first!);
  await expect(map.map).toHaveAttribute('data-frames', '40');
  s = await map.settled();
  expect(new Set(s.cells.map((c) => c.video))).toEqual(new Set([first]));
  await page.getByTestId('legend-filter-name').fill('');
  await expect(map.map).toHaveAttribute('data-frames', String(total - 40));

  // A reload keeps the hidden video hidden and the legend open.
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await expect(map.map).toHaveAttribute('data-frames', String(total - 40));
  await expect(page.locator(`[data-testid=legend-video][data-video="${hidden}"]`)).toHaveAttribute('data-shown', 'false');

  // A filter nothing matches leaves no map, and says how to get it back.
  await page.getByTestId('legend-filter-name').fill('no such video');
  await expect(page.getByTestId('map-empty')).toHaveAttribute('data-reason', 'hidden');
  await page.getByTestId('map-show-all').click();
  await expect(map.map).toHaveAttribute('data-frames', String(total));
  await expect(page.getByTestId('legend')).toHaveAttribute('data-shown', '5');
});
