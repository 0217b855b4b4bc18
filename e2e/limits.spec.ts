// Storage limits and big libraries: a full disk keeps what was stored; the
// contact sheet stays virtualised with thousands of frames.
import { expect, test } from './test';
import { GOOD_VIDEOS, LONG_VIDEO } from './fixtures';
import { LibraryPage } from './library.page';

const DECODE = { timeout: 300_000 };

test('a full disk stops a video with a clear message and loses nothing stored before', async ({ page, baseURL }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  const first = GOOD_VIDEOS[1]!;
  await lib.add([first.path]);
  await expect(lib.row(first.name)).toHaveAttribute('data-status', 'done', DECODE);
  const kept = await lib.frames(first.name);

  // Shrink this origin's quota to what is used now plus a little (Chromium's own quota machinery).
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 150_000 });

  await lib.add([LONG_VIDEO.path]);
  const row = lib.row(LONG_VIDEO.name);
  await expect(row).toHaveAttribute('data-status', /partial|error/, DECODE);
  await expect(row.getByTestId('video-error')).toContainText(/storage is full/i);
  expect(await lib.frames(LONG_VIDEO.name)).toBeLessThan(LONG_VIDEO.frames / 20);

  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  expect(await lib.frames(first.name)).toBe(kept);
  expect(await lib.frameTimes(first.name)).toHaveLength(kept);
  await page.reload();
  await expect(lib.row(first.name)).toHaveAttribute('data-frames', String(kept));
});

test('the contact sheet stays virtualised with thousands of frames', async ({ page, api }) => {
  const lib = new LibraryPage(page);
  await lib.open();
  // Keep every frame of the 60 s clip: 1,800 frames.
  await api.setParams({ sampling: { mode: 'every-nth', n: 1 }, height: 120, format: 'jpeg', quality: 60 });
  await lib.add([LONG_VIDEO.path]);
  await expect(lib.row(LONG_VIDEO.name)).toHaveAttribute('data-status', 'done', DECODE);
  expect(await lib.frames(LONG_VIDEO.name)).toBe(LONG_VIDEO.frames);

  const strip = page.getByTestId('frame-strip');
  await expect(strip).toHaveAttribute('data-count', String(LONG_VIDEO.frames));
  await expect(strip.locator('img[data-index="0"]')).toBeVisible();
  const inDom = await strip.locator('img').count();
  expect(inDom).toBeLessThan(400);

  await strip.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = strip.locator(`img[data-index="${LONG_VIDEO.frames - 1}"]`);
  await expect(last).toBeVisible();
  expect(Number(await last.getAttribute('data-time'))).toBeCloseTo((LONG_VIDEO.frames - 1) / 30, 2);
  expect(await strip.locator('img').count()).toBeLessThan(400);
});
