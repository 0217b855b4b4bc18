// Search in real Chromium on a library of three photo slideshows (known cuts):
// clips cut from them with distortions find their video and moment, keyframes
// land on the cuts, and similar videos, frames (from a dropped photo) and
// colours answer from the same index. Queries never enter the library.
import { join } from 'node:path';
import { expect, test, type Page } from './test';
import { testApi } from './testApi';
import { BAD, DISTORTIONS, ensureSearchVideos, FIXTURE_DIR, makeClip, SCENE_SECONDS } from './fixtures';
import { LibraryPage } from './library.page';
import { MapPage } from './map.page';

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

/** The panel is no wider than its box: results wrap or scroll inside it, its close and "Show" buttons are within it. */
async function expectPanelFits(page: Page): Promise<void> {
  const panel = page.getByTestId('search-panel');
  const { scrollWidth, clientWidth } = await panel.evaluate((e) => ({ scrollWidth: e.scrollWidth, clientWidth: e.clientWidth }));
  console.log(`search panel: content ${scrollWidth} px wide in ${clientWidth} px`);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth + 1);
  const box = (await panel.boundingBox())!;
  const across = (b: { x: number; width: number } | null) => !!b && b.x >= box.x - 1 && b.x + b.width <= box.x + box.width + 1;
  const close = await page.getByTestId('search-close').boundingBox();
  expect(across(close)).toBe(true);
  expect(close!.y).toBeGreaterThanOrEqual(box.y - 1);
  expect(close!.y + close!.height).toBeLessThanOrEqual(box.y + box.height + 1);
  const shows = page.getByTestId('clip-result').getByRole('button', { name: 'Show' });
  expect(await shows.count()).toBeGreaterThan(0);
  for (const b of await shows.all()) expect(across(await b.boundingBox())).toBe(true);
  // A strip of frames scrolls inside its own box.
  for (const strip of await page.getByTestId('keyframes').all()) expect(across(await strip.boundingBox())).toBe(true);
}

/** Damages the stored search index of the current layout the way an interrupted session could leave it. */
async function damageIndex(page: Page, how: 'cut' | 'first-format-with-extra-rows'): Promise<{ rows: number }> {
  return page.evaluate(async (how) => {
    const name = window.__frameAtlas.layout()!.meta;
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('layouts');
    const fh = await dir.getFileHandle(`${name.name}.pca.f16`);
    const buf = new Uint8Array(await (await fh.getFile()).arrayBuffer());
    const body = 8 + new DataView(buf.buffer).getUint32(4, true);
    const rowBytes = 2 * name.pcaDim;
    const rows = (buf.length - body) / rowBytes;
    let out: Uint8Array<ArrayBuffer>;
    if (how === 'cut') out = buf.slice(0, body + Math.floor(rows * 0.4) * rowBytes + 10); // ends mid-row
    else {
      // No header, and 19 rows more than the layout has frames: what the old format held after a lost write.
      const bare = buf.slice(body);
      out = new Uint8Array(bare.length + 19 * rowBytes);
      out.set(bare);
      out.set(bare.subarray(0, 19 * rowBytes), bare.length);
    }
    const w = await fh.createWritable();
    await w.write(out);
    await w.close();
    return { rows };
  }, how);
}

/** The stored index's header rows and the rows the file holds. */
async function storedIndex(page: Page): Promise<{ header: number; rows: number }> {
  return page.evaluate(async () => {
    const meta = window.__frameAtlas.layout()!.meta;
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('layouts');
    const buf = new Uint8Array(await (await (await dir.getFileHandle(`${meta.name}.pca.f16`)).getFile()).arrayBuffer());
    const len = new DataView(buf.buffer).getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + len))) as { videos: { rows: number }[] };
    return { header: header.videos.reduce((s, v) => s + v.rows, 0), rows: (buf.length - 8 - len) / (2 * meta.pcaDim) };
  });
}

/** The travel videos ingested every 10th frame, laid out, with the Search panel open. */
async function openSearchLibrary(page: Page): Promise<{ videos: ReturnType<typeof ensureSearchVideos>; lib: LibraryPage }> {
  const api = testApi(page);
  const videos = ensureSearchVideos();
  const lib = new LibraryPage(page);
  await lib.open();
  await api.setParams({ sampling: { mode: 'every-nth', n: 10 }, height: 300, format: 'webp', quality: 80 });
  await lib.add(videos.map((v) => v.path));
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  if (!(await page.getByTestId('search-panel').isVisible())) await page.getByTestId('search-toggle').click();
  return { videos, lib };
}

test('clips find their source video and moment; keyframes land on cuts; similar videos, frames and colours', async ({ page, api }) => {
  test.setTimeout(2_400_000);
  const { videos, lib } = await openSearchLibrary(page);

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
  expect((await api.videos()).length).toBe(videos.length);
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

test('the search panel and the inspector fit their content; the search index reconciles itself with the layout', async ({ page, api }) => {
  test.setTimeout(1_800_000);
  const { videos } = await openSearchLibrary(page);

  // Results of every kind: keyframes and similar videos (strips of frames), a clip's candidates, an image's frames.
  const [a, b, c] = [videos[0]!, videos[1]!, videos[2]!];
  await page.getByTestId('search-video').selectOption({ label: b.name });
  await expect(page.getByTestId('keyframes-status')).toHaveAttribute('data-state', 'done', SLOW);
  await expect(page.getByTestId('similar-video')).toHaveCount(2, SLOW);
  const clip = join(FIXTURE_DIR, 'clip-fit.mp4');
  makeClip(a.path, 1, 4, 'brighter', clip);
  const status = page.getByTestId('clip-status');
  const clipQuery = async () => {
    await page.getByTestId('clip-query').setInputFiles(clip);
    await expect(status).toContainText('clip-fit.mp4');
    await expect(status).toHaveAttribute('data-state', 'done', SLOW); // the machine may be busy: slow, not wrong
    const best = page.getByTestId('clip-result').first();
    return { video: await best.getAttribute('data-video'), offset: Number(await best.getAttribute('data-offset')) };
  };
  const found = await clipQuery();
  expect(found.video).toBe(a.name);
  const hits = page.getByTestId('search-frame-result');
  const imageQuery = async () => {
    await page.getByTestId('search-image').setInputFiles(c.photos[1]!);
    await expect(page.getByTestId('search-frames-status')).toHaveAttribute('data-state', 'done', SLOW);
    await expect(hits.first()).toHaveAttribute('data-video', c.name);
  };
  await imageQuery();
  await expectPanelFits(page);

  // A result opens the inspector, whose frames before and after have a size and are decoded.
  await page.getByTestId('clip-result').first().getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-video', a.name);
  const strip = await new MapPage(page).inspectorStrip();
  expect(strip.length).toBeGreaterThanOrEqual(2);
  for (const img of strip) {
    expect(img.height).toBeGreaterThan(0);
    expect(img.visibleHeight).toBeGreaterThan(0);
    expect(img.naturalWidth).toBeGreaterThan(0);
  }
  await expectPanelFits(page);

  // The search index reconciles itself with the layout, from what is stored, never needing a retrain:
  // cut short (an interrupted write), it is extended from the stored features through the layout's PCA axes…
  const frames = await api.layout().then((l) => l!.meta.frames);
  const reopen = async () => {
    await page.reload();
    await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
    if (!(await page.getByTestId('search-panel').isVisible())) await page.getByTestId('search-toggle').click();
  };
  const { rows } = await damageIndex(page, 'cut');
  expect(rows).toBe(frames);
  await reopen();
  await imageQuery();
  const index = page.getByTestId('search-index');
  await expect(index).toHaveAttribute('data-frames', String(frames));
  const computed = Number(await index.getAttribute('data-computed'));
  console.log(`index cut to 40 %: ${computed} of ${frames} rows computed again`);
  expect(computed).toBeGreaterThanOrEqual(frames * 0.6 - 1);
  expect(computed).toBeLessThan(frames);
  await expect(index).toHaveAttribute('data-missing', '0');
  // …and stored again whole.
  expect(await storedIndex(page)).toEqual({ header: frames, rows: frames });

  // The reported failure: an index of the first format with more rows than the layout has frames
  // ("the search index holds 299 frames, the layout 280: retrain the layout"). Rebuilt, the clip search answers as before.
  await damageIndex(page, 'first-format-with-extra-rows');
  await reopen();
  await imageQuery();
  await expect(index).toHaveAttribute('data-computed', String(frames));
  await expect(index).toHaveAttribute('data-dropped', String(frames + 19));
  await expect(page.getByTestId('search-error')).toHaveCount(0);
  const again = await clipQuery();
  expect(again.video).toBe(found.video);
  expect(Math.abs(again.offset - found.offset)).toBeLessThanOrEqual(0.5);
  expect(await storedIndex(page)).toEqual({ header: frames, rows: frames });
});
