import { expect, test } from '@playwright/test';
import { GOOD_VIDEOS } from './fixtures';
import { LibraryPage } from './library.page';

test('smoke', async ({ page }) => {
  const lib = new LibraryPage(page);
  page.on('console', (m) => console.log('console:', m.text()));
  page.on('response', (r) => r.status() >= 400 && console.log('HTTP', r.status(), r.url()));
  page.on('worker', (w) => w.on('console', (m) => console.log('worker:', m.text())));
  await lib.open();
  await lib.add([GOOD_VIDEOS[0]!.path]);
  await expect(lib.row(GOOD_VIDEOS[0]!.name)).toHaveAttribute('data-status', /done|error|partial/);
  console.log(await page.evaluate(() => window.__frameAtlas.videos()));
});
