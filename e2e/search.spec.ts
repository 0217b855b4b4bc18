// Search in real Chromium on a library of three photo slideshows (known cuts):
// clips cut from them with distortions find their video and moment, keyframes
// land on the cuts, and similar videos, frames (from a dropped photo) and
// colours answer from the same index. Queries never enter the library.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BAD, DISTORTIONS, ensureSearchVideos, FIXTURE_DIR, makeClip, SCENE_SECONDS } from './fixtures';
import { LibraryPage } from './library.page';

const SLOW = { timeout: 900_000 };
/** every 10th frame at 25 fps */
const STEP = 0.4;

/** Asks for `count` scenes and reads the keyframes' times (fewer come back when the video has fewer scenes). */
async function keyframeTimes(page: Page, count: number): Promise<number[]> {
  const status = page.getByTestId('keyframes-status');
  await page.getByTestId('keyframes-count').fill(String(count));
  await page.getByTestId('keyframes-count').press('Enter');
  await expect(status).toHaveAttribute('data-state', 'done');
  const scenes = Number(/(\d+) scenes/.exec((await status.textContent()) ?? '')?.[1]);
  expect(scenes).toBeGreaterThan(0);
  expect(scenes).toBeLessThanOrEqual(count);
  await expect(page.getByTestId('keyframes').locator('img')).toHaveCount(scenes);
  return page.getByTestId('keyframes').locator('img').evaluateAll((imgs) => imgs.map((i) => Number((i as HTMLImageElement).dataset.time)));
}

test('clips find their source video and moment; keyframes land on cuts; similar videos, frames and colours', async ({ page }) => {
  test.setTimeout(2_400_000);
  const videos = ensureSearchVideos();
  const lib = new LibraryPage(page);
  await lib.open();
  await page.evaluate(() => window.__frameAtlas.setParams({ sampling: { mode: 'every-nth', n: 10 }, height: 300, format: 'webp', quality: 80 }));
  await lib.add(videos.map((v) => v.path));
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);

  if (!(await page.getByTestId('search-panel').isVisible())) await page.getByTestId('search-toggle').click();

  // Keyframes of a video with 4 scenes: asked for 4, exactly the cuts (±1 sampled frame).
  const b = videos[1]!;
  await page.getByTestId('search-video').selectOption({ label: b.name });
  const four = await keyframeTimes(page, b.cuts.length);
  expect(four.length).toBe(b.cuts.length);
  console.log(`keyframes of ${b.name}: ${four.map((t) => t.toFixed(2)).join(', ')} (cuts ${b.cuts.join(', ')})`);
  four.forEach((t, i) => expect(Math.abs(t - b.cuts[i]!)).toBeLessThanOrEqual(STEP + 1e-3));
  // The default (10) still has a keyframe on every cut.
  const ten = await keyframeTimes(page, 10);
  console.log(`default keyframes: ${ten.map((t) => t.toFixed(2)).join(', ')}`);
  for (const cut of b.cuts) expect(Math.min(...ten.map((t) => Math.abs(t - cut)))).toBeLessThanOrEqual(STEP + 1e-3);

  // Similar videos: both others ranked, with set and sequence similarity.
  await expect(page.getByTestId('similar-video')).toHaveCount(2);
  for (const el of await page.getByTestId('similar-video').all()) {
    expect(Number(await el.getAttribute('data-set'))).toBeGreaterThan(-1);
    expect(Number(await el.getAttribute('data-sequence'))).toBeLessThanOrEqual(1);
  }

  // 20 clips of 3–6 s, each with one distortion, from random moments.
  let seed = 42;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const status = page.getByTestId('clip-status');
  let right = 0;
  for (let t = 0; t < 20; t++) {
    const v = videos[t % videos.length]!;
    const seconds = 3 + (t % 4);
    const start = Math.round(rnd() * (v.frames / v.fps - seconds - 0.2) * 100) / 100;
    const distortion = DISTORTIONS[Math.floor(t / 3) % DISTORTIONS.length]!;
    const name = `clip-${String(t).padStart(2, '0')}.mp4`;
    const path = join(FIXTURE_DIR, name);
    makeClip(v.path, start, seconds, distortion, path);
    await page.getByTestId('clip-query').setInputFiles(path);
    await expect(status).toContainText(name);
    await expect(status).toHaveAttribute('data-state', /done|error/);
    const first = page.getByTestId('clip-result').first();
    const got = { video: await first.getAttribute('data-video'), offset: Number(await first.getAttribute('data-offset')), score: Number(await first.getAttribute('data-score')) };
    const ok = got.video === v.name && Math.abs(got.offset - start) <= 1;
    if (ok) right++;
    expect(await page.getByTestId('clip-result').count()).toBeGreaterThanOrEqual(3);
    console.log(`${name} ${v.name} @${start.toFixed(2)} s ${seconds} s ${distortion}: ${got.video} @${got.offset.toFixed(2)} s score ${got.score.toFixed(3)} ${ok ? 'right' : 'WRONG'}`);
  }
  console.log(`clip search: ${right}/20 right video with offset within ±1 s`);
  expect(right).toBeGreaterThanOrEqual(18);
  // Queries never enter the library.
  expect((await page.evaluate(() => window.__frameAtlas.videos())).length).toBe(videos.length);
  expect((await lib.storedIds()).length).toBe(videos.length);

  // A file that is not a video is refused with a reason; the last results are not mixed up with it.
  await page.getByTestId('clip-query').setInputFiles(BAD.text);
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(status).toContainText('is not a video');
  await page.getByTestId('clip-query').setInputFiles(join(FIXTURE_DIR, 'clip-19.mp4'));
  await expect(status).toHaveAttribute('data-state', 'done');

  // Jump from a result to the map and the inspector.
  const best = page.getByTestId('clip-result').first();
  const bestVideo = await best.getAttribute('data-video');
  await best.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-video', bestVideo!);

  // Similar frames from a dropped photograph: the slideshow that shows it comes first.
  const c = videos[2]!;
  await page.getByTestId('search-image').setInputFiles(c.photos[1]!);
  await expect(page.getByTestId('search-frames-status')).toHaveAttribute('data-state', 'done');
  const hits = page.getByTestId('search-frame-result');
  await expect(hits.first()).toHaveAttribute('data-video', c.name);
  const firstTime = await hits.first().locator('img').getAttribute('data-time');
  console.log(`image query ${c.photos[1]}: first hit ${c.name} at ${firstTime} s (scene ${SCENE_SECONDS}–${2 * SCENE_SECONDS} s)`);

  // Colours: frames coloured like the inspected one start with its own video; videos ranked.
  const inspected = await page.getByTestId('inspector').getAttribute('data-video');
  await page.getByTestId('colour-frame').click();
  await expect(page.getByTestId('colour-status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('colour-result').first()).toHaveAttribute('data-video', inspected!);
  await page.getByTestId('colour-video').click();
  await expect(page.getByTestId('colour-video-result')).toHaveCount(2);
});
