// Page object for the map: view control and state through the test API, and
// pixels of the map element from screenshots (decoded in the page).
import { expect, type Locator, type Page } from '@playwright/test';
import { LibraryPage } from './library.page';
import { testApi, type MapState } from './testApi';

export class MapPage {
  readonly map: Locator;
  private readonly api: ReturnType<typeof testApi>;
  constructor(readonly page: Page) {
    this.map = page.getByTestId('map');
    this.api = testApi(page);
  }

  /**
   * Opens the app on a synthetic project (frames drawn in the page, a layout of random walks, no features): for
   * tests of the map and the poster, where decoding and training are not what is tested. Returns its frame count.
   */
  async openSynthetic(videos: number, framesPerVideo: number, seed: number): Promise<number> {
    const lib = new LibraryPage(this.page);
    // The library drawer as it is by default: closed, as the map is complete.
    await lib.open({ pinLibrary: false });
    await expect(this.page.getByTestId('backend')).toHaveAttribute('data-model', /.+/); // the layout is stored under the model
    await this.api.seedSynthetic({ videos, framesPerVideo, seed });
    await lib.open({ pinLibrary: false });
    await expect(this.map).toHaveAttribute('data-frames', String(videos * framesPerVideo));
    return videos * framesPerVideo;
  }

  state(): Promise<MapState> {
    return this.api.mapState().then((s) => s!);
  }

  points(): Promise<number[]> {
    return this.api.mapPoints();
  }

  async setView(target: [number, number], zoom: number): Promise<void> {
    await this.api.mapSetView({ target, zoom });
  }

  /** Page coordinates of a world point on the map now. */
  async toPage(x: number, y: number): Promise<[number, number]> {
    const box = (await this.map.boundingBox())!;
    const [px, py] = (await this.api.mapToScreen(x, y))!;
    return [box.x + px, box.y + py];
  }

  /** Waits until the thumbnails in view are drawn and their count stays put. */
  async settled(): Promise<MapState> {
    let last = -1;
    await expect
      .poll(async () => {
        const s = await this.state();
        const same = s.tiles > 0 && s.pending === 0 && s.tiles === last;
        last = s.tiles;
        return same;
      }, { intervals: [500, 1000, 1000, 2000], timeout: 120_000 })
      .toBe(true);
    return this.state();
  }

  /**
   * The inspector's "Before and after" strip, once its frames are read: per image its box height, the part of it
   * that shows (inside the strip, which clips what overflows it) and its decoded width. An image in the page whose
   * strip is squeezed to 0 px keeps its own box height, but shows 0 px.
   */
  async inspectorStrip(): Promise<{ height: number; visibleHeight: number; naturalWidth: number }[]> {
    const strip = this.page.getByTestId('inspector-time');
    const imgs = strip.locator('img');
    await expect.poll(async () => imgs.evaluateAll((els) => els.length > 0 && els.every((e) => (e as HTMLImageElement).complete))).toBe(true);
    const out: { height: number; visibleHeight: number; naturalWidth: number }[] = [];
    for (const img of await imgs.all()) {
      await img.scrollIntoViewIfNeeded();
      const { visibleHeight, naturalWidth } = await img.evaluate((e) => {
        const r = e.getBoundingClientRect();
        const s = e.closest('[data-testid=inspector-time]')!.getBoundingClientRect();
        return { visibleHeight: Math.max(0, Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top)), naturalWidth: (e as HTMLImageElement).naturalWidth };
      });
      out.push({ height: (await img.boundingBox())?.height ?? 0, visibleHeight, naturalWidth });
    }
    return out;
  }

  /** Waits until no tile is being drawn and the count of thumbnails stays put, even at none (an empty part of the map). */
  async idle(): Promise<MapState> {
    let last = -1;
    await expect
      .poll(async () => {
        const s = await this.state();
        const same = s.pending === 0 && s.tiles === last;
        last = s.tiles;
        return same;
      }, { intervals: [500, 1000, 1000, 2000], timeout: 120_000 })
      .toBe(true);
    return this.state();
  }

  /** Share of the map's pixels (or of a page rectangle) that are not the background, and a count of pixels near a colour. */
  async pixels(color?: [number, number, number], clip?: { x: number; y: number; width: number; height: number }): Promise<{ filled: number; near: number; png: Buffer }> {
    const png = clip ? await this.page.screenshot({ clip }) : await this.map.screenshot();
    const stats = await this.page.evaluate(
      async ([b64, c]) => {
        const bmp = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const ctx = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d')!;
        ctx.drawImage(bmp, 0, 0);
        const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
        let filled = 0, near = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (Math.abs(d[i]! - 0x0b) + Math.abs(d[i + 1]! - 0x0d) + Math.abs(d[i + 2]! - 0x10) > 24) filled++;
          if (c && Math.abs(d[i]! - c[0]) + Math.abs(d[i + 1]! - c[1]) + Math.abs(d[i + 2]! - c[2]) < 30) near++;
        }
        return { filled: filled / (d.length / 4), near };
      },
      [png.toString('base64'), color ?? null] as const,
    );
    return { ...stats, png };
  }
}

/** Page boxes of the drawn cells, from the map's own view (y down, like the page). */
export async function cellBoxes(map: MapPage, s: MapState): Promise<{ x0: number; y0: number; x1: number; y1: number }[]> {
  const box = (await map.map.boundingBox())!;
  const k = 2 ** s.zoom, [tx, ty] = s.view!.target;
  const px = (x: number, y: number) => [box.x + (x - tx) * k + s.width / 2, box.y + (y - ty) * k + s.height / 2] as const;
  return s.cells.map((c) => {
    const [x0, y0] = px(c.cx * s.cellW, c.cy * s.cellH), [x1, y1] = px((c.cx + 1) * s.cellW, (c.cy + 1) * s.cellH);
    return { x0, y0, x1, y1 };
  });
}

/**
 * Every frame's cell at the level shown is drawn, and lies inside the map element; with `clearOfPanels`, inside the
 * part of it no panel covers (the map's insets).
 */
export async function expectAllInside(map: MapPage, s: MapState, what: string, clearOfPanels = false): Promise<void> {
  expect(s.cells.length, `${what}: every occupied cell drawn`).toBe(s.occupied);
  const box = (await map.map.boundingBox())!;
  const i = clearOfPanels ? s.insets : { left: 0, right: 0, bottom: 0 };
  for (const b of await cellBoxes(map, s)) {
    expect(b.x0, what).toBeGreaterThanOrEqual(box.x + i.left - 0.5);
    expect(b.y0, what).toBeGreaterThanOrEqual(box.y - 0.5);
    expect(b.x1, what).toBeLessThanOrEqual(box.x + box.width - i.right + 0.5);
    expect(b.y1, what).toBeLessThanOrEqual(box.y + box.height - i.bottom + 0.5);
  }
}
