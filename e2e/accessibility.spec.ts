// Readable at every size and usable without a mouse: axe-core finds no
// serious or critical WCAG 2.1 A/AA violation on the main views (empty,
// ingesting with its frame strip, map with its legend and the library drawer,
// search, poster, help), in the dark and
// the light theme, and the toolbars' controls do not overlap at 1024 × 700 or
// at 2560 × 1440.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { GOOD_VIDEOS } from './fixtures';
import { LibraryPage } from './library.page';
import { MapPage } from './map.page';

/** axe-core's serious and critical WCAG 2.1 A/AA findings, in the dark and the light theme (the system's choice). */
async function expectAccessible(page: Page, view: string): Promise<void> {
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const what = `${view} (${colorScheme})`;
    for (const v of bad) console.log(`${what}: ${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join('\n  ')}`);
    expect(bad.map((v) => `${v.id} (${v.nodes.length})`), `${what}: serious or critical violations`).toEqual([]);
  }
}

/** Visible controls of the header and the toolbars, with their boxes: none may overlap another. */
async function expectNoOverlap(page: Page, size: string): Promise<void> {
  const boxes = await page.evaluate(() => {
    const els = [...document.querySelectorAll('header button, header select, header input, [role=toolbar] button, [role=toolbar] select, [role=toolbar] input, .layout button, .layout select, .layout input')];
    return els.flatMap((e) => {
      const r = e.getBoundingClientRect();
      const visible = r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
      return visible ? [{ what: `${e.tagName.toLowerCase()}[${e.getAttribute('data-testid') ?? e.textContent?.trim().slice(0, 20)}]`, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom }] : [];
    });
  });
  expect(boxes.length, size).toBeGreaterThan(8);
  const overlaps: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!, b = boxes[j]!;
      const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0), h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (w > 1 && h > 1) overlaps.push(`${a.what} × ${b.what}`);
    }
  expect(overlaps, `${size}: overlapping controls`).toEqual([]);
}

test('the main views have no serious accessibility violations', async ({ page }) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const lib = new LibraryPage(page);
  await lib.open();
  await expectAccessible(page, 'empty');

  await lib.add([GOOD_VIDEOS[0]!.path]);
  // Its row selected, so the frame strip (times over the pictures) is checked too.
  await lib.row(GOOD_VIDEOS[0]!.name).getByRole('button').first().click();
  await expect(page.getByTestId('frame-strip').locator('img').first()).toBeVisible();
  await expectAccessible(page, 'ingesting');

  const map = new MapPage(page);
  await map.openSynthetic(5, 40, 11);
  await map.settled();
  // With the legend of videos and the library drawer open over it.
  await page.getByTestId('legend-open').click();
  await expect(page.getByTestId('legend-video')).toHaveCount(5);
  await expectAccessible(page, 'map');
  await page.getByTestId('legend-close').click();

  await page.getByTestId('search-toggle').click();
  await expectAccessible(page, 'search');
  await page.getByTestId('search-toggle').click();

  await page.getByTestId('poster-open').click();
  await expect(page.getByTestId('poster-dialog')).toBeVisible();
  await expectAccessible(page, 'poster');
  await page.keyboard.press('Escape');

  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toBeVisible();
  await expectAccessible(page, 'help');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toBeHidden();

  for (const [width, height] of [[1024, 700], [2560, 1440]] as const) {
    await page.setViewportSize({ width, height });
    await map.settled();
    await expectNoOverlap(page, `${width}×${height}`);
  }
});
