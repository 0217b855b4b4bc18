import { describe, expect, it } from 'vitest';
import { buildMapData, layoutRecords } from './mapData';
import { DrawnTiles } from './drawnTiles';
import { asVideoId, lookId } from '../../core/ids';

const videos = [
  { id: asVideoId('a'), name: 'a.mp4', frames: 2, label: null },
  { id: asVideoId('b'), name: 'b.mp4', frames: 3, label: null },
];
const coords = Float32Array.from([-1, -1, -0.5, -0.5, 0.2, 0.2, 0.5, 0.5, 1, 1]);
const rec = { thumbWidth: 534, thumbHeight: 300 };

describe('buildMapData', () => {
  it('leaves out the rows of removed videos and says which are present', () => {
    const d = buildMapData(videos, coords, (v) => (v.name === 'a.mp4' ? null : rec), 160)!;
    expect(d.frames).toBe(3);
    expect(d.present).toBe('01');
    expect([0, 1, 2, 3, 4].map((r) => d.include(r))).toEqual([false, false, true, true, true]);
    expect(d.colors[3]).toBe(0); // a removed video's rows are transparent
    expect(d.colors[4 * 2 + 3]).toBe(220);
    expect(d.bounds!.x0).toBeCloseTo(0.2 * 512);
    expect(d.aspect).toBeCloseTo(534 / 300);
  });

  it('draws only the videos the legend shows, keeping the records of the others', () => {
    const d = buildMapData(videos, coords, () => rec, 160, (r) => r !== rec)!;
    expect(d).toBeNull(); // every video hidden: nothing to draw
    const recB = { ...rec };
    const e = buildMapData(videos, coords, (v) => (v.name === 'a.mp4' ? rec : recB), 160, (r) => r === recB)!;
    expect(e.present).toBe('01');
    expect(e.videos[0]!.record).toBe(rec);
    expect([e.videoShown(0), e.videoShown(1)]).toEqual([false, true]);
    expect(e.frames).toBe(3);
  });

  it('is null when there is nothing to draw or coordinates do not match the videos', () => {
    expect(buildMapData(videos, coords, () => null, 160)).toBeNull();
    expect(buildMapData(videos, coords.subarray(0, 8), () => rec, 160)).toBeNull();
    expect(buildMapData([], coords, () => rec, 160)).toBeNull();
  });
});

describe('DrawnTiles', () => {
  it('counts each drawn cell of the level once, inside the view, until its tile unloads', () => {
    const t = new DrawnTiles();
    t.loaded({ x: 0, y: 0, z: 1 }, 1, [{ cx: 0, cy: 0, row: 4 }, { cx: 5, cy: 0, row: 2 }]);
    t.loaded({ x: 1, y: 0, z: 1 }, 1, [{ cx: 0, cy: 0, row: 4 }]); // a cell on a tile edge is drawn by both tiles
    t.loaded({ x: 0, y: 0, z: 2 }, 2, [{ cx: 1, cy: 1, row: 3 }]);
    t.loaded({ x: 0, y: 0, z: 3 }, 2, [{ cx: 1, cy: 1, row: 3 }, { cx: 2, cy: 1, row: 7 }]); // beyond the deepest level 2
    const view = { x0: 0, y0: 0, x1: 100, y1: 100 };
    expect(t.inView(1, 10, 10, view).map((c) => c.row)).toEqual([4, 2]);
    expect(t.inView(1, 10, 10, { x0: 0, y0: 0, x1: 20, y1: 20 }).map((c) => c.row)).toEqual([4]);
    t.unloaded({ x: 0, y: 0, z: 1 });
    expect(t.inView(1, 10, 10, view).map((c) => c.row)).toEqual([4]);
    expect(t.inView(2, 10, 10, view).map((c) => c.row)).toEqual([3, 7]);
  });
});

describe('layoutRecords', () => {
  const a = asVideoId('a');
  const look = { id: lookId(a), name: 'a.mp4', frames: 40, label: null };
  const records = (status: string, frames: number) => new Map([[a as string, { status, frames }]]);

  it('shows a first look beside its video until all the video\'s own frames are placed', () => {
    const own = (frames: number) => ({ id: a, name: 'a.mp4', frames, label: null });
    // the look alone
    expect(layoutRecords([look], records('decoding', 300))(look)).toEqual({ status: 'decoding', frames: 300 });
    // placed while it decodes: both show
    expect(layoutRecords([look, own(200)], records('decoding', 300))(look)).not.toBeNull();
    expect(layoutRecords([look, own(200)], records('decoding', 300))(own(200))).not.toBeNull();
    // decoded, not all placed yet: both still show
    expect(layoutRecords([look, own(200)], records('done', 900))(look)).not.toBeNull();
    // all placed: the look gives way
    expect(layoutRecords([look, own(900)], records('done', 900))(look)).toBeNull();
    expect(layoutRecords([look, own(900)], records('done', 900))(own(900))).not.toBeNull();
  });
});
