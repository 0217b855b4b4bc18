// Groups of similar frames in real Chromium, on two slideshows that share scenes: every scene is one group, a
// scene in both videos lists both with its time ranges, labels show without overlapping at two zoom levels, a
// name given to a group survives a reload, and the CSV has one line per frame with its group.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './test';
import { ensureSceneVideos, GROUP_SCENE_SECONDS } from './fixtures';
import { LibraryPage } from './library.page';

const SLOW = { timeout: 600_000 };
/** every 10th frame at 25 fps */
const STEP = 0.4;

interface Line {
  video: string;
  frame: number;
  time: number;
  group: number;
  parent: string;
  label: string;
}

async function groupsCsv(page: Page): Promise<Line[]> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-groups').click();
  const [header, ...lines] = readFileSync(await (await download).path(), 'utf8').trim().split('\n');
  expect(header).toBe('video,frame,time_s,x,y,group,parent,label');
  return lines.map((l) => {
    const [video, frame, time, , , group, parent, label] = l.split(',');
    return { video: video!, frame: Number(frame), time: Number(time), group: Number(group), parent: parent!, label: label! };
  });
}

/** The label boxes on the map now: there is at least one, and no two overlap. */
async function labelBoxes(page: Page): Promise<{ group: number; x: number; y: number; width: number; height: number }[]> {
  const labels = page.getByTestId('cluster-label');
  await expect.poll(() => labels.count()).toBeGreaterThan(0);
  const boxes = await labels.evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { group: Number((e as HTMLElement).dataset.group), x: r.x, y: r.y, width: r.width, height: r.height };
  }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `labels ${a.group} and ${b.group} overlap`).toBe(true);
    }
  }
  const map = (await page.getByTestId('map').boundingBox())!;
  for (const b of boxes) expect(b.x >= map.x - 1 && b.y >= map.y - 1 && b.x + b.width <= map.x + map.width + 1 && b.y + b.height <= map.y + map.height + 1).toBe(true);
  return boxes;
}

test('scenes become groups across videos, with labels, names that last and a CSV of every frame', async ({ page, api }) => {
  test.setTimeout(900_000);
  const videos = ensureSceneVideos();
  const lib = new LibraryPage(page);
  await lib.open();
  await api.setParams({ sampling: { mode: 'every-nth', n: 10 }, height: 300, format: 'webp', quality: 80 });
  await lib.add(videos.map((v) => v.path));
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-state', 'ready', SLOW);
  const status = page.getByTestId('clusters-status');
  await expect(status).toHaveAttribute('data-state', 'ready', SLOW);

  // One line per frame, and each scene (a photograph) is one group of its own, in both videos.
  const lines = await groupsCsv(page);
  const total = (await Promise.all(videos.map((v) => lib.frames(v.name)))).reduce((a, b) => a + b, 0);
  expect(lines).toHaveLength(total);
  const sceneOf = (l: Line) => videos.find((v) => v.name === l.video)!.scenes[Math.floor((l.time + 0.01) / GROUP_SCENE_SECONDS)]!;
  const groupOfScene = new Map<number, number>();
  for (const scene of [0, 1, 2, 3]) {
    const mine = lines.filter((l) => sceneOf(l) === scene);
    const counts = new Map<number, number>();
    for (const l of mine) counts.set(l.group, (counts.get(l.group) ?? 0) + 1);
    const [group, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    console.log(`scene ${scene}: ${mine.length} frames, group ${group} holds ${n}; ${JSON.stringify([...counts])}; parents ${JSON.stringify([...new Set(mine.map((l) => `${l.group}<${l.parent}`))])}`);
    console.log(`  others: ${JSON.stringify(mine.filter((l) => l.group !== group).map((l) => [l.video, l.time, l.group]))}`);
    expect(group).toBeGreaterThanOrEqual(0);
    expect(n / mine.length).toBeGreaterThanOrEqual(0.9);
    groupOfScene.set(scene, group);
  }
  expect(new Set(groupOfScene.values()).size).toBe(4);
  const shared = groupOfScene.get(0)!;

  // Labels at the first view, none overlapping.
  const first = await labelBoxes(page);
  const zoom0 = Number(await page.getByTestId('map').getAttribute('data-zoom'));

  // The group of scene 0 lists both videos with the scene's times. Its label, or its parent's, opens it.
  const parent = lines.find((l) => l.group === shared)!.parent;
  const labelled = first.find((b) => b.group === shared) ?? first.find((b) => String(b.group) === parent);
  expect(labelled, 'the shared scene or its parent group is labelled').toBeTruthy();
  await page.locator(`[data-testid=cluster-label][data-group="${labelled!.group}"] button.text`).click();
  if (labelled!.group !== shared) await page.locator(`[data-testid=group-part][data-group="${shared}"]`).click();
  const panel = page.getByTestId('group-panel');
  await expect(panel).toHaveAttribute('data-group', String(shared));
  await expect(panel).toHaveAttribute('data-videos', '2');
  const expected: Record<string, [number, number]> = {
    'scenes-a.mp4': [0, GROUP_SCENE_SECONDS - STEP],
    'scenes-b.mp4': [2 * GROUP_SCENE_SECONDS, 3 * GROUP_SCENE_SECONDS - STEP],
  };
  for (const [name, [from, to]] of Object.entries(expected)) {
    const row = panel.locator(`[data-testid=group-video][data-video="${name}"]`);
    await expect(row).not.toHaveAttribute('data-ranges', '');
    const ranges = (await row.getAttribute('data-ranges'))!.split(';').map((r) => r.split('-').map(Number) as [number, number]);
    console.log(`${name}: ${JSON.stringify(ranges)}`);
    expect(Math.abs(ranges[0]![0] - from)).toBeLessThanOrEqual(STEP + 0.01);
    expect(Math.abs(ranges.at(-1)![1] - to)).toBeLessThanOrEqual(STEP + 0.01);
  }

  // A run opens that moment: the map zooms in on it, and labels still do not overlap there.
  await panel.locator('[data-testid=group-video][data-video="scenes-b.mp4"] [data-testid=group-run]').first().click();
  await expect.poll(async () => Number(await page.getByTestId('map').getAttribute('data-zoom'))).toBeGreaterThan(zoom0 + 0.5);
  await labelBoxes(page);

  // A name given to the group is kept, and comes back after a reload, in the CSV too.
  await panel.getByTestId('group-name').fill('Harbour at dusk');
  await panel.getByTestId('group-name').press('Enter');
  await expect.poll(async () => (await groupsCsv(page)).filter((l) => l.group === shared).every((l) => l.label === 'Harbour at dusk')).toBe(true);
  await page.reload();
  await expect(page.getByTestId('clusters-status')).toHaveAttribute('data-state', 'ready', SLOW);
  const again = await groupsCsv(page);
  expect(again.filter((l) => l.group === shared).map((l) => l.label)).toEqual(lines.filter((l) => l.group === shared).map(() => 'Harbour at dusk'));
  expect(again.map((l) => l.group)).toEqual(lines.map((l) => l.group));
});
