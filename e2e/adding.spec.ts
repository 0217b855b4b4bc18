// The ways videos come in besides the file input: a folder, a drop.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './test';
import { FIXTURE_DIR, GOOD_VIDEOS } from './fixtures';
import { LibraryPage } from './library.page';

const DECODE = { timeout: 200_000 };

test('a folder adds every video in it and its subfolders, skipping other files', async ({ page, api }) => {
  const root = join(FIXTURE_DIR, 'holiday');
  mkdirSync(join(root, 'day2'), { recursive: true });
  copyFileSync(GOOD_VIDEOS[1]!.path, join(root, GOOD_VIDEOS[1]!.name));
  copyFileSync(GOOD_VIDEOS[2]!.path, join(root, 'day2', GOOD_VIDEOS[2]!.name));
  writeFileSync(join(root, 'itinerary.txt'), 'not a video');

  const lib = new LibraryPage(page);
  await lib.open();
  await page.getByTestId('add-folder').setInputFiles(root);
  await expect(page.getByTestId('notice')).toContainText('skipped 1 file');
  await expect(page.getByTestId('video-row')).toHaveCount(2);
  for (const v of GOOD_VIDEOS.slice(1)) await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done', DECODE);
  const folders = (await api.videos()).map((v) => v.folder).sort();
  expect(folders).toEqual(['holiday', 'holiday/day2']);
});

test('videos dropped anywhere on the page are added', async ({ page }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  // Build a real DataTransfer holding the file and drop it on the page.
  const input = await page.evaluateHandle(() => Object.assign(document.createElement('input'), { type: 'file' }));
  await input.asElement()!.setInputFiles(GOOD_VIDEOS[0]!.path);
  await page.evaluate((el) => {
    const dt = new DataTransfer();
    dt.items.add((el as HTMLInputElement).files![0]!);
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, input);
  await expect(lib.row(GOOD_VIDEOS[0]!.name)).toHaveAttribute('data-status', 'done', DECODE);
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
});

test('the contact sheet stays open and live while more videos are added and decoded', async ({ page }) => {
  // Adding videos resizes the strip; its image loader once re-ran itself on every resize
  // (effect_update_depth_exceeded), which the shared fixture turns into a failure.
  const lib = new LibraryPage(page);
  await lib.open();
  const [first, ...more] = GOOD_VIDEOS;
  await lib.add([first!.path]);
  await expect(lib.row(first!.name)).toHaveAttribute('data-status', 'done', DECODE);
  await lib.row(first!.name).getByRole('button').first().click();
  const strip = page.getByTestId('frame-strip');
  await expect(strip.locator('img[data-index="0"]')).toBeVisible();

  await lib.add(more.map((v) => v.path));
  await page.setViewportSize({ width: 1100, height: 700 });
  for (const v of more) await expect(lib.row(v.name)).toHaveAttribute('data-status', 'done', DECODE);
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(strip).toHaveAttribute('data-video', first!.name);
  await expect(strip.locator('img[data-index="0"]')).toBeVisible();
  expect(await strip.locator('img').count()).toBe(await lib.frames(first!.name));
});
