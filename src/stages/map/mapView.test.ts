import { describe, expect, it } from 'vitest';
import { cellSize, LevelCache, levelAt, screenToWorld, viewBounds, type Bounds } from './mapGeometry';
import { cellPxFor, chooseThumbPx, clampView, fitBox, fitCells, keyAction, MIN_THUMB_PX, occupiedBounds, probeFirstView, zoomAround } from './mapView';
import { rng } from '../../core/random';

const inside = (a: Bounds, b: Bounds) => a.x0 >= b.x0 - 1e-9 && a.y0 >= b.y0 - 1e-9 && a.x1 <= b.x1 + 1e-9 && a.y1 <= b.y1 + 1e-9;

/** n points in a disc of radius r (world units), as the layouts' clouds are. */
function cloud(n: number, r: number, seed = 1): Float32Array {
  const rand = rng(seed);
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = rand() * 2 * Math.PI, d = r * Math.sqrt(rand());
    xy[2 * i] = d * Math.cos(a);
    xy[2 * i + 1] = d * Math.sin(a);
  }
  return xy;
}

/** Frames piled on a few spots (still videos): their cells spread far beyond the frames' own box. */
function spots(n: number, each: number, r: number): Float32Array {
  const c = cloud(n, r, 3);
  return Float32Array.from({ length: 2 * n * each }, (_, k) => c[2 * Math.floor(k / (2 * each)) + (k % 2)]!);
}

function boundsOf(xy: Float32Array): Bounds {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    x0 = Math.min(x0, xy[i]!); x1 = Math.max(x1, xy[i]!);
    y0 = Math.min(y0, xy[i + 1]!); y1 = Math.max(y1, xy[i + 1]!);
  }
  return { x0, y0, x1, y1 };
}

describe('map view', () => {
  it('fits a box inside the view, a margin from the edges', () => {
    const v = fitBox({ x0: -100, y0: -50, x1: 300, y1: 50 }, 832, 600, 16);
    expect(v.target).toEqual([100, 0]);
    expect(2 ** v.zoom * 400).toBeCloseTo(800); // the width limits
  });

  it('fits every occupied cell of the level it draws inside the view, spilled frames included', () => {
    for (const xy of [cloud(300, 400), spots(6, 40, 400)]) {
      const b = boundsOf(xy);
      for (const [w, h, px] of [[1440, 860, 160], [1024, 620, 96], [2560, 1400, 320], [700, 300, 224]] as const) {
        const levels = new LevelCache(xy, px, 16 / 9);
        const v = fitCells(b, (z) => levels.level(z), 8, w, h);
        const cells = occupiedBounds(levels.level(levelAt(v.zoom, 8)))!;
        expect(inside(cells, viewBounds(v, w, h)), `${w}x${h} ${px}px ${JSON.stringify(cells)} ${JSON.stringify(viewBounds(v, w, h))} ${v.zoom}`).toBe(true);
        // Not needlessly small: the cells' box touches the view's margin on one axis, or the view is at its level's zoom.
        const scale = 2 ** v.zoom;
        const slack = Math.max((cells.x1 - cells.x0) * scale - (w - 32), (cells.y1 - cells.y0) * scale - (h - 32));
        if (v.zoom !== Math.round(v.zoom)) expect(slack).toBeCloseTo(0, 6);
      }
    }
  });

  it('a single frame fills the view with its cell', () => {
    const xy = Float32Array.from([5, 5]);
    const levels = new LevelCache(xy, 160, 16 / 9);
    const v = fitCells(boundsOf(xy), (z) => levels.level(z), 3, 1000, 800);
    const l = levels.level(levelAt(v.zoom, 3));
    expect(inside(occupiedBounds(l)!, viewBounds(v, 1000, 800))).toBe(true);
    expect(l.w * 2 ** v.zoom).toBeCloseTo(1000 - 32, 6);
  });

  it('a first view shows most frames of a small library and large thumbnails of a tiny one', () => {
    const size = (n: number) => {
      const xy = cloud(n, 400, n);
      const b = boundsOf(xy);
      const chosen = chooseThumbPx(n, (t) => probeFirstView(xy, undefined, b, 16 / 9, 1400, 800, t), (1400 * 800) / (MIN_THUMB_PX * (MIN_THUMB_PX / (16 / 9))));
      expect(chosen).toEqual(probeFirstView(xy, undefined, b, 16 / 9, 1400, 800, chosen.thumbPx)); // the probe of the size chosen
      return { px: chosen.thumbPx, ...chosen };
    };
    const tiny = size(6), small = size(200), large = size(20_000);
    expect(tiny.px).toBeGreaterThanOrEqual(224);
    expect(tiny.shown).toBeGreaterThanOrEqual(0.8 * 6);
    expect(small.shown).toBeGreaterThanOrEqual(0.8 * 200);
    expect(small.px).toBeGreaterThanOrEqual(MIN_THUMB_PX);
    expect(small.px).toBeLessThan(tiny.px);
    expect(large.px).toBe(MIN_THUMB_PX); // as many as fit, never smaller
  });

  it('the cellPx of a first view draws thumbnails of the chosen width at its zoom', () => {
    for (const zoom of [-1.3, 0, 0.25, 2.999, 3]) {
      const px = cellPxFor(120, zoom);
      const level = levelAt(zoom, 20);
      expect(cellSize(level, px, 1).w * 2 ** zoom).toBeCloseTo(120, -0.5);
    }
  });

  it('the probe counts the cells of the grid it would draw', () => {
    const xy = cloud(500, 300, 7);
    const b = boundsOf(xy);
    const p = probeFirstView(xy, (i) => i % 2 === 0, b, 1.5, 1200, 900, 100);
    // About as asked: the fit may swing between two zooms as the cells' box moves by whole cells.
    expect(Math.abs(p.cellW * 2 ** p.zoom - 100)).toBeLessThan(12);
    // The grid the map draws for that cellPx at that zoom's level.
    const levels = new LevelCache(xy, p.cellPx, 1.5, (i) => i % 2 === 0);
    expect(p.shown).toBe(levels.level(levelAt(p.zoom, 99)).cells.size);
  });

  it('counts what the map will draw where the fit of the cells crosses a level back and forth', () => {
    // A real layout of three test videos (49 frames, one video's on two spots) in a 1440 × 534 window: at 141 px the
    // cells' fit swings between zoom 0.04 (level 1) and −0.29 (level 0). The probe used to count level 1's 47 cells
    // while the map drew level 0's 16.
    const xy = Float32Array.from([0.0, 0.0, -337.4, -155.8, -159.0, -50.2, -71.0, -15.1, -202.0, -93.5, -137.5, 117.9, -124.9, 26.9, -369.0, -131.6, -255.6, -179.8, -192.7, -43.5, -322.3, -242.8, -147.9, 8.4, -234.1, 10.5, -359.8, -168.6, -325.7, -158.2, -107.5, 3.0, -340.2, -176.5, -308.7, 173.4, -321.8, -19.5, -327.8, 79.8, -294.5, 40.3, -285.8, 109.4, -320.4, 81.1, -201.2, 40.6, -256.0, 0.1, -367.8, -79.7, -271.8, 47.1, -345.7, 24.5, -263.3, 111.3, -256.7, 75.8, -238.4, 52.7, 510.7, 36.6, 477.2, 17.6, 477.2, 17.6, 510.7, 36.6, 477.2, 17.6, 477.2, 17.6, 510.7, 36.6, 477.2, 17.6, 477.2, 17.6, 510.7, 36.6, 477.2, 17.6, 477.2, 17.6, 510.7, 36.6, 477.2, 17.6, 477.2, 17.6, 510.7, 36.6, 477.2, 17.6, 477.2, 17.6]);
    const b = boundsOf(xy), aspect = 534 / 300;
    for (let px = 320; px >= MIN_THUMB_PX; px = Math.floor(px * 0.85)) {
      const p = probeFirstView(xy, undefined, b, aspect, 1440, 534, px);
      // What the map does with the probe: a grid of its cellPx, fitted from its zoom.
      const levels = new LevelCache(xy, p.cellPx, aspect);
      const v = fitCells(b, (z) => levels.level(z), 99, 1440, 534, p.zoom);
      expect(p.shown, `${px} px`).toBe(levels.level(levelAt(v.zoom, 99)).cells.size);
    }
    const chosen = chooseThumbPx(49, (t) => probeFirstView(xy, undefined, b, aspect, 1440, 534, t));
    expect(chosen.shown).toBeGreaterThanOrEqual(0.8 * 49);
  });

  it('panning stops a margin beyond the data; a wide view keeps all of it inside', () => {
    const b = { x0: 0, y0: 0, x1: 1000, y1: 500 };
    // Zoomed in (view 200 × 100 world units): the view's edge stops 40 px (20 units) beyond the data.
    const near = clampView({ target: [5000, -300], zoom: 1 }, b, 400, 200, 40);
    expect(viewBounds(near, 400, 200).x1).toBeCloseTo(1020);
    expect(viewBounds(near, 400, 200).y0).toBeCloseTo(-20);
    const ok = { target: [500, 250] as [number, number], zoom: 1 };
    expect(clampView(ok, b, 400, 200, 40)).toEqual(ok);
    // Zoomed out (view 4000 × 2000 units): the data may move about but not leave it.
    const far = clampView({ target: [-9000, 0], zoom: -3 }, b, 500, 250, 40);
    expect(viewBounds(far, 500, 250).x1).toBeCloseTo(1000 + 40 * 8); // the data's edge 40 px inside the view's
  });

  it('zooms around a screen point, which stays put', () => {
    const v = { target: [100, -50] as [number, number], zoom: 1.5 };
    for (const dz of [1, -1, 0.3]) {
      const z = zoomAround(v, 800, 600, 620, 130, dz);
      expect(z.zoom).toBeCloseTo(v.zoom + dz);
      const before = screenToWorld(v, 800, 600, 620, 130), after = screenToWorld(z, 800, 600, 620, 130);
      expect(after[0]).toBeCloseTo(before[0], 9);
      expect(after[1]).toBeCloseTo(before[1], 9);
    }
  });

  it('keys zoom by one level, pan by a part of the view, and reset', () => {
    const v = { target: [10, 20] as [number, number], zoom: 2 };
    expect(keyAction('+', false, v, 600, 400)).toEqual({ view: { target: [10, 20], zoom: 3 } });
    expect(keyAction('-', false, v, 600, 400)).toEqual({ view: { target: [10, 20], zoom: 1 } });
    expect(keyAction('ArrowRight', false, v, 600, 400)).toEqual({ view: { target: [10 + 100 / 4, 20], zoom: 2 } });
    expect(keyAction('ArrowUp', true, v, 600, 400)).toEqual({ view: { target: [10, 20 - 200 / 4], zoom: 2 } });
    expect(keyAction('0', false, v, 600, 400)).toBe('reset');
    expect(keyAction('a', false, v, 600, 400)).toBeNull();
  });
});
