import { describe, expect, it } from 'vitest';
import type { VideoId } from '../../core/ids';
import { rng } from '../../core/random';
import { buildMapData } from '../map/mapData';
import { MIN_ZOOM } from '../map/mapGeometry';
import { parsePublished, PUBLISHED_FORMAT, PUBLISHED_VERSION, tileCells, tileWorld, topLevel } from './publishFormat';
import { planPublish, publishedMap, type PublishRecord } from './publishPlan';

const counts = [120, 80, 200];
const random = rng(7);
const coords = Float32Array.from({ length: 2 * counts.reduce((a, b) => a + b) }, () => random() * 2 - 1);
const layout = counts.map((frames, k) => ({ id: `v${k}` as VideoId, name: `video ${k}`, frames, label: null }));
const record = (k: number): PublishRecord => ({ name: `video ${k}.mp4`, thumbWidth: 534, thumbHeight: 300, probe: { duration: 60 + k } });
/** the app's map with video 1 hidden by the legend */
const map = buildMapData(layout, coords, (v) => record(Number(v.id.slice(1))), 160, (r) => r.name !== 'video 1.mp4')!;

describe('planPublish', () => {
  it('takes the videos the map shows, or all of them, with their rows and coordinates', () => {
    const shown = planPublish(map, coords, { videos: 'shown', cellPx: 160, maxZoom: null, frameHeight: 120, index: true })!;
    expect(shown.sources).toEqual([0, 2]);
    expect(shown.layoutRows.length).toBe(320);
    expect(shown.layoutRows[120]).toBe(200); // video 2's first row in the layout
    expect(shown.coords[240]).toBe(coords[400]);
    expect(shown.videos.map((v) => [v.name, v.frames, v.duration])).toEqual([['video 0.mp4', 120, 60], ['video 2.mp4', 200, 62]]);
    const all = planPublish(map, coords, { videos: 'all', cellPx: 160, maxZoom: null, frameHeight: 0, index: false })!;
    expect(all.sources).toEqual([0, 1, 2]);
    expect(all.layoutRows.length).toBe(400);
  });

  it('lists every tile a cell touches, and the tiles draw each cell of a level', () => {
    const plan = planPublish(map, coords, { videos: 'all', cellPx: 160, maxZoom: null, frameHeight: 0, index: false })!;
    expect(plan.levels[0]!.z).toBe(MIN_ZOOM);
    expect(plan.levels.at(-1)!.z).toBe(plan.map.maxLevel);
    for (const { z, tiles } of plan.levels) {
      const l = plan.map.levels.level(z);
      const drawn = new Set<number>();
      for (let i = 0; i < tiles.length; i += 2) {
        const cells = tileCells(l, z, tiles[i]!, tiles[i + 1]!, 512);
        expect(cells.length).toBeGreaterThan(0);
        for (const c of cells) {
          drawn.add(c.index);
          // inside or overlapping the tile's 512 px
          expect(c.x < 512 && c.x + c.w > 0 && c.y < 512 && c.y + c.h > 0).toBe(true);
        }
      }
      expect([...drawn].sort((a, b) => a - b)).toEqual([...l.cells.values()].sort((a, b) => a - b));
    }
    expect(tileWorld(0)).toBe(512);
    expect(tileWorld(2)).toBe(128);
  });

  it('builds the same levels the viewer builds from the published file', () => {
    const plan = planPublish(map, coords, { videos: 'shown', cellPx: 128, maxZoom: 1, frameHeight: 0, index: false })!;
    const json = JSON.parse(JSON.stringify({ format: PUBLISHED_FORMAT, version: PUBLISHED_VERSION, frames: 320, cellPx: 128, videos: plan.videos, levels: plan.levels }));
    const viewer = publishedMap(parsePublished(json).videos, Float32Array.from(plan.coords), 128)!;
    expect(plan.levels.at(-1)!.z).toBe(Math.min(1, plan.map.maxLevel));
    for (const { z } of plan.levels) expect([...viewer.levels.level(z).cells]).toEqual([...plan.map.levels.level(z).cells]);
    expect(viewer.maxLevel).toBe(plan.map.maxLevel);
  });

  it('caps the deepest level and refuses a foreign description', () => {
    expect(topLevel(6, null)).toBe(6);
    expect(topLevel(6, 3)).toBe(3);
    expect(topLevel(6, 9)).toBe(6);
    expect(() => parsePublished({ format: 'other' })).toThrow(/no published Frame Atlas/);
    expect(() => parsePublished({ format: PUBLISHED_FORMAT, version: 99 })).toThrow(/format 99/);
    expect(() => parsePublished({ format: PUBLISHED_FORMAT, version: PUBLISHED_VERSION, frames: 3, cellPx: 1, levels: [], videos: [{ frames: 2 }] })).toThrow(/damaged/);
  });
});
