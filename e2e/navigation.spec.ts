// The map as a map: at 1440 × 900 a small library's first view shows most of
// its frames, every thumbnail whole; "Reset view" fits them again; keys work
// wherever focus is not in a field; a double-click zooms without opening the
// inspector; panning stops near the frames; zooming past the deepest level
// enlarges the thumbnails; the hover card hides on zoom. A synthetic project
// (no decoding, no training) keeps it quick.
import { expect, test, type Page } from './test';
import { cellBoxes, expectAllInside, MapPage } from './map.page';

test.use({ viewport: { width: 1440, height: 900 } });

const zoomOf = async (map: MapPage) => Number(await map.map.getAttribute('data-zoom'));

async function openSmallLibrary(page: Page): Promise<{ map: MapPage; frames: number }> {
  const map = new MapPage(page);
  const frames = await map.openSynthetic(5, 40, 11);
  return { map, frames };
}

test('the first view shows most frames of a small library, each whole; Reset view fits them again', async ({ page }) => {
  const { map, frames } = await openSmallLibrary(page);
  const first = await map.settled();
  console.log(`first view: ${first.cells.length} of ${frames} frames at level ${first.level}, thumbnails ${Math.round(first.cellW * 2 ** first.zoom)} px wide`);
  const mapBox = (await map.map.boundingBox())!;
  console.log(`map canvas: ${Math.round(mapBox.width)} × ${Math.round(mapBox.height)} px, ${((100 * mapBox.width * mapBox.height) / (1440 * 900)).toFixed(0)} % of the window`);
  expect(first.cellAuto).toBe(true);
  expect(first.cells.length).toBeGreaterThanOrEqual(0.8 * frames);
  expect(first.cellW * 2 ** first.zoom).toBeGreaterThanOrEqual(48); // never smaller than the readable minimum
  await expectAllInside(map, first, 'first view');

  // Moved away, then reset: the same fit.
  await map.setView([first.view!.target[0] + 300, first.view!.target[1] - 200], first.zoom + 1.7);
  await map.idle();
  await page.getByTestId('map-reset').click();
  const reset = await map.settled();
  expect(reset.zoom).toBeCloseTo(first.zoom, 6);
  await expectAllInside(map, reset, 'reset');

  // A size picked by hand is kept, and reset still fits every cell.
  await page.getByTestId('map-cell-size').selectOption('224');
  await page.getByTestId('map-reset').click();
  const big = await map.settled();
  expect(big.cellAuto).toBe(false);
  expect(big.cellPx).toBe(224);
  await expectAllInside(map, big, 'reset at 224 px');
  await page.getByTestId('map-cell-size').selectOption('auto');
  const auto = await map.settled();
  expect(auto.cellAuto).toBe(true);
  expect(auto.zoom).toBeCloseTo(first.zoom, 6);
});

test('keys, double-click, the pan limit, zooming past the deepest level and the hover card', async ({ page }) => {
  const { map } = await openSmallLibrary(page);
  const first = await map.settled();
  const z0 = first.zoom;

  // Keys work with focus anywhere but a field.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('+');
  await expect.poll(() => zoomOf(map)).toBeCloseTo(z0 + 1, 2);
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await map.state()).view!.target[0]).toBeGreaterThan(first.view!.target[0]);
  await page.keyboard.press('-');
  await expect.poll(() => zoomOf(map)).toBeCloseTo(z0, 2);
  await page.keyboard.press('0');
  await expect.poll(async () => (await map.state()).view!.target[0]).toBeCloseTo(first.view!.target[0], 3);
  const field = page.getByTestId('dissimilar-k');
  await field.focus();
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowLeft');
  await page.waitForTimeout(300);
  expect(await zoomOf(map)).toBeCloseTo(z0, 2);

  // A double-click zooms in around the pointer and opens nothing; a click inspects.
  const [b] = await cellBoxes(map, await map.settled());
  const [cx, cy] = [(b!.x0 + b!.x1) / 2, (b!.y0 + b!.y1) / 2];
  await page.mouse.dblclick(cx, cy);
  await expect.poll(() => zoomOf(map)).toBeGreaterThan(z0 + 0.5);
  await page.waitForTimeout(600); // past deck's wait for a second tap
  await expect(page.getByTestId('inspector')).toHaveCount(0);
  await page.getByTestId('map-reset').click();
  const s = await map.settled();
  const [c] = await cellBoxes(map, s);
  await page.mouse.click((c!.x0 + c!.x1) / 2, (c!.y0 + c!.y1) / 2);
  await expect(page.getByTestId('inspector')).toBeVisible();
  await page.keyboard.press('Escape');

  // Dragging far away stops a margin beyond the frames.
  const box = (await map.map.boundingBox())!;
  await map.setView(s.view!.target, s.zoom + 2);
  await map.idle();
  await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width - 20 - i * 400, box.y + box.height / 2, { steps: 2 });
  await page.mouse.up();
  const dragged = await map.idle();
  // The view's right edge rests a third of the view (in px) beyond the right edge of the frames' cells.
  const points = await map.points();
  const xs = points.filter((_, i) => i % 2 === 0);
  const cellsRight = (Math.floor(Math.max(...xs) / dragged.cellW) + 1) * dragged.cellW;
  const viewRight = dragged.view!.target[0] + dragged.width / 2 / 2 ** dragged.zoom;
  expect(viewRight).toBeCloseTo(cellsRight + Math.min(dragged.width, dragged.height) / 3 / 2 ** dragged.zoom, 3);

  // Past the deepest level the same cells are drawn larger, whole pictures from the stored frames.
  const deep = s.cells[0]!.row; // at a frame itself (a cell of the overview may hold a frame spilled from nearby)
  await map.setView([points[2 * deep]!, points[2 * deep + 1]!], first.maxLevel + 2);
  const past = await map.settled();
  expect(past.level).toBe(first.maxLevel);
  const width = past.cellW * 2 ** past.zoom;
  expect(width).toBeCloseTo(4 * past.cellPx, 0);
  const [big] = await cellBoxes(map, past);
  const clip = { x: Math.max(big!.x0, box.x) + 2, y: Math.max(big!.y0, box.y) + 2, width: 0, height: 0 };
  clip.width = Math.min(big!.x1, box.x + box.width) - clip.x - 4;
  clip.height = Math.min(big!.y1, box.y + box.height) - clip.y - 4;
  expect((await map.pixels(undefined, clip)).filled).toBeGreaterThan(0.9);

  // The hover card hides on zoom (it would point at another frame).
  await page.getByTestId('map-reset').click();
  const again = await map.settled();
  const [h] = await cellBoxes(map, again);
  await page.mouse.move((h!.x0 + h!.x1) / 2, (h!.y0 + h!.y1) / 2);
  await expect(page.getByTestId('hover-card')).toBeVisible();
  await page.mouse.wheel(0, -300);
  await expect(page.getByTestId('hover-card')).toHaveCount(0);
});
