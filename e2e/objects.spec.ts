// Objects and faces in real Chromium: slideshows of photographs whose content is known (a portrait, a man
// filming, a motorcycle, a cat, a cup, a goldfish, meadows), the real detectors (@vladmandic/human's CenterNet,
// BlazeFace, FaceMesh and FaceRes on tfjs), their finds stored per video in OPFS.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from './test';
import { ensureSlideshowVideos, FIXTURE_DIR, PHOTO_SECONDS, skimagePhoto, type SlideshowVideo } from './fixtures';
import { LibraryPage } from './library.page';

const SLOW = { timeout: 600_000 };

/** The slide shown at `time` in a video. */
function slideAt(videos: SlideshowVideo[], name: string, time: number) {
  return videos.find((x) => x.name === name)!.slides[Math.floor(time / PHOTO_SECONDS)]!;
}

async function objectHits(page: Page, query: string): Promise<{ video: string; time: number; score: number }[]> {
  await page.getByTestId('object-query').fill(query);
  await page.getByTestId('object-search').click();
  await expect(page.getByTestId('object-status')).toHaveAttribute('data-state', 'done');
  return page.getByTestId('object-result').evaluateAll((els) => els.map((e) => {
    const d = (e as HTMLElement).dataset;
    return { video: d.video!, time: Number(d.time), score: Number(d.score) };
  }));
}

test('objects and faces: "person" finds the photos of people first; one face across two videos is one person', async ({ page, api }) => {
  test.setTimeout(1_200_000);
  const videos = ensureSlideshowVideos();
  const lib = new LibraryPage(page);
  await lib.open();
  await api.setParams({ sampling: { mode: 'every-nth', n: 10 }, height: 300, format: 'webp', quality: 80 });
  await lib.add(videos.map((v) => v.path));
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  if (!(await page.getByTestId('search-panel').isVisible())) await page.getByTestId('search-toggle').click();
  const status = page.getByTestId('objects-status');
  const frames = (await Promise.all(videos.map((v) => lib.frames(v.name)))).reduce((a, b) => a + b, 0);

  // Paused part-way, then reloaded: the run goes on after the frames stored; none is looked at twice.
  await expect.poll(async () => (await status.getAttribute('data-state')) === 'running' && Number(await status.getAttribute('data-done')) > 0, { timeout: 600_000, intervals: [100] }).toBe(true);
  await page.getByTestId('objects-pause').click();
  await expect(status).toHaveAttribute('data-state', 'paused');
  const stored = Number(await status.getAttribute('data-done'));
  console.log(`paused with ${stored} of ${frames} frames looked at`);
  expect(stored).toBeGreaterThan(0);
  expect(stored).toBeLessThan(frames);
  await page.reload();
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  if (!(await page.getByTestId('search-panel').isVisible())) await page.getByTestId('search-toggle').click();
  await expect(status).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(status).toHaveAttribute('data-done', String(frames));
  // what was stored before the pause is not looked at again (the worker may have stored a frame or two more as it
  // was stopped: those are not looked at again either, so at most frames − stored are)
  const after = await api.detectStatus();
  console.log(`after the reload: ${after.lookedFrames} frames looked at, ${after.resumedFrames} found stored`);
  expect(after.lookedFrames).toBeLessThanOrEqual(frames - stored);
  for (const v of videos) expect((await api.detections(v.name))!.looked).toEqual({ objects: v.frames / 10, faces: v.frames / 10 });
  console.log(`objects-status: ${await status.textContent()}`);

  // "person": every frame of the three photos with people, and only them, best first; counted per video; outlined.
  const peopleFrames = videos.reduce((n, v) => n + v.slides.filter((s) => s.people).length * (v.frames / v.slides.length / 10), 0);
  const person = await objectHits(page, 'people');
  console.log(`person: ${person.map((h) => `${h.video}@${h.time.toFixed(1)} ${h.score.toFixed(2)}`).join(', ')}`);
  expect(person.map((h) => slideAt(videos, h.video, h.time).people)).toEqual(Array(peopleFrames).fill(true));
  expect(new Set(person.map((h) => `${h.video}:${Math.floor(h.time / PHOTO_SECONDS)}`))).toEqual(new Set(['photos-a.mp4:0', 'photos-b.mp4:1', 'photos-c.mp4:0']));
  expect(person.every((h, i) => i === 0 || h.score <= person[i - 1]!.score)).toBe(true);
  await expect(page.getByTestId('object-video')).toHaveCount(3);
  await expect(page.getByTestId('object-status')).toHaveAttribute('data-outlined', String(peopleFrames));

  // Other classes find their photo: the cat, the motorcycle, the cup.
  for (const [query, video, slide] of [['cat', 'photos-b.mp4', 0], ['motorcycles', 'photos-a.mp4', 1], ['cup', 'photos-b.mp4', 2]] as const) {
    const hits = await objectHits(page, query);
    console.log(`${query}: ${hits.map((h) => `${h.video}@${h.time.toFixed(1)} ${h.score.toFixed(2)}`).join(', ')}`);
    expect(hits.length).toBe(10);
    expect(hits.every((h) => h.video === video && Math.floor(h.time / PHOTO_SECONDS) === slide)).toBe(true);
  }
  await page.getByTestId('object-query').fill('unicorn');
  await page.getByTestId('object-search').click();
  await expect(page.getByTestId('object-status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('object-status')).toContainText('not a class the detector knows');

  // A class as a filter: frames like the portrait, among the frames holding a person only.
  await page.getByTestId('object-filter').selectOption({ label: `person (${peopleFrames})` });
  await expect(page.getByTestId('object-filter-note')).toContainText(`${peopleFrames} frames with person`);
  expect(await api.inspectFrame('photos-a.mp4', 12)).toBe(true); // the motorcycle
  await page.getByTestId('search-frame').click();
  await expect(page.getByTestId('search-frames-status')).toHaveAttribute('data-state', 'done');
  const similar = await page.getByTestId('search-frame-result').evaluateAll((els) => els.map((e) => e.querySelector('img')?.dataset.time ? [(e as HTMLElement).dataset.video!, Number(e.querySelector('img')!.dataset.time)] as const : null));
  expect(similar.length).toBe(Math.min(24, peopleFrames));
  for (const s of similar) if (s) expect(slideAt(videos, s[0], s[1]).people).toBe(true);
  await page.getByTestId('object-filter').selectOption({ label: 'anything' });

  // Points coloured by class, with a legend of the classes found.
  await page.getByTestId('object-colouring').selectOption('object');
  await expect(page.getByTestId('map-mode')).toHaveValue('points');
  await expect(page.getByTestId('object-legend')).toContainText('person');
  await expect(page.getByTestId('object-legend')).toContainText('cat');
  await page.getByTestId('object-colouring').selectOption('video');

  // People: the portrait's face in photos-a and its close-up in photos-b are one person; the man filming another.
  await page.getByTestId('people-toggle').click();
  const panel = page.getByTestId('people');
  await expect(panel).toHaveAttribute('data-state', 'ready', SLOW);
  await expect(page.getByTestId('people-privacy')).toContainText('on this machine only');
  const groups = await page.getByTestId('person').evaluateAll((els) => els.map((e) => ({ faces: Number((e as HTMLElement).dataset.faces), videos: Number((e as HTMLElement).dataset.videos) })));
  console.log(`people: ${JSON.stringify(groups)}`);
  expect(groups).toEqual([{ faces: 20, videos: 2 }, { faces: 10, videos: 1 }]);
  const eileen = page.getByTestId('person').first();
  await expect(eileen.getByTestId('person-video')).toHaveText([/photos-a\.mp4\s+0:00\.0–0:03\.6/, /photos-b\.mp4\s+0:04\.0–0:07\.6/]);
  await eileen.getByTestId('person-name').fill('Eileen Collins');
  await eileen.getByTestId('person-name').press('Enter');
  await expect(eileen).toHaveAttribute('data-name', 'Eileen Collins');

  // Find this face: from a face in the inspected frame, then from a dropped photo (another crop of the portrait).
  expect(await api.inspectFrame('photos-b.mp4', 15)).toBe(true);
  await page.getByTestId('find-face').first().click();
  await expect(page.getByTestId('face-status')).toHaveAttribute('data-state', 'done');
  const found = await page.getByTestId('face-result').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.video!));
  expect(found.length).toBe(20);
  expect(new Set(found)).toEqual(new Set(['photos-a.mp4', 'photos-b.mp4']));
  const photo = join(FIXTURE_DIR, 'portrait-crop.jpg');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', skimagePhoto('astronaut.png'), '-vf', 'crop=360:400:60:0,scale=270:300', photo]);
  await page.getByTestId('face-photo').setInputFiles(photo);
  await expect(page.getByTestId('face-status')).toHaveAttribute('data-state', 'done', SLOW);
  const fromPhoto = await page.getByTestId('face-result').evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.video!, Number((e as HTMLElement).dataset.similarity)] as const));
  console.log(`from a photo: ${fromPhoto.length} faces, best ${fromPhoto[0]?.[1]}`);
  expect(new Set(fromPhoto.map(([v]) => v))).toEqual(new Set(['photos-a.mp4', 'photos-b.mp4']));

  // After a reload: nothing looked at again, the groups and the name are back.
  await page.reload();
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  await page.getByTestId('people-toggle').click();
  await expect(page.getByTestId('person').first()).toHaveAttribute('data-name', 'Eileen Collins', SLOW);
  expect((await api.detections('photos-a.mp4'))!.looked).toEqual({ objects: 30, faces: 30 });

  // Face data deleted in one click: faces gone from storage, detection off, People empty; objects stay.
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('faces-delete').click();
  await page.getByTestId('faces-delete-confirm').click();
  await expect(page.getByTestId('faces-deleted')).toBeVisible();
  await expect(page.getByTestId('detect-faces')).not.toBeChecked();
  await expect(page.getByTestId('people-off')).toBeVisible();
  await expect(page.getByTestId('person')).toHaveCount(0);
  for (const v of videos) {
    const d = (await api.detections(v.name))!;
    expect(d.faces).toEqual([]);
    expect(d.objects.length).toBeGreaterThan(0);
  }
  expect(await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('videos');
    const names: string[] = [];
    for await (const [id] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
      for await (const [n] of ((await dir.getDirectoryHandle(id)) as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) names.push(n);
    }
    return names.filter((n) => n === 'faces.f32').length;
  })).toBe(0);
});
