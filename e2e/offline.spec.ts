// Installable and offline: after a first visit the service worker has the
// whole app (ffmpeg core, onnxruntime and tfjs wasm, models); with the network
// off the app starts again and ingests a video through ffmpeg.wasm, with
// features; Chromium finds the app installable. (The test build registers the
// worker only when asked: src/ui/offline.ts.)
import { expect, test } from './test';
import { GOOD_VIDEOS } from './fixtures';
import { LibraryPage } from './library.page';

const SLOW = { timeout: 300_000 };

test('after a first visit the app starts and ingests with the network off, and is installable', async ({ page, context }) => {
  test.setTimeout(900_000);
  await page.addInitScript(() => localStorage.setItem('frame-atlas-offline', 'on'));
  const lib = new LibraryPage(page);
  await lib.open();
  // Installed once every file is precached (the worker's install waits for all of them).
  const precached = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    // `ready` resolves as soon as a worker is active, which may still be 'activating': wait for it to finish.
    const sw = reg.active!;
    if (sw.state === 'activating') await new Promise<void>((done) => sw.addEventListener('statechange', () => sw.state !== 'activating' && done()));
    const keys = await caches.keys();
    let n = 0;
    for (const k of keys) n += (await (await caches.open(k)).keys()).length;
    return { state: reg.active?.state, entries: n };
  });
  console.log(`service worker ${precached.state}, ${precached.entries} files precached`);
  expect(precached.state).toBe('activated');
  expect(precached.entries).toBeGreaterThan(20);

  // Installable: Chromium parses the manifest without errors and finds nothing missing. (Playwright's profiles are
  // incognito ones, which Chromium never installs from: that one reason is expected.)
  const cdp = await context.newCDPSession(page);
  const manifest = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[]; data?: string };
  expect(manifest.errors).toEqual([]);
  expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ name: 'Frame Atlas', display: 'standalone' });
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), 'installable').toEqual([]);

  // Network off: the app comes from the worker, cross-origin isolated as before (ffmpeg's threads need it).
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  expect(await page.evaluate(() => ({ controlled: !!navigator.serviceWorker.controller, isolated: crossOriginIsolated }))).toEqual({ controlled: true, isolated: true });
  const avi = GOOD_VIDEOS.find((v) => v.decoder === 'ffmpeg')!;
  await lib.pinLibrary();
  await lib.add([avi.path]);
  const row = lib.row(avi.name);
  await expect(row).toHaveAttribute('data-status', 'done', SLOW);
  await expect(row).toHaveAttribute('data-decode-path', 'ffmpeg');
  const frames = await lib.frames(avi.name);
  expect(frames).toBeGreaterThan(0);
  await expect(row).toHaveAttribute('data-features', String(frames), SLOW);
  await context.setOffline(false);
});
