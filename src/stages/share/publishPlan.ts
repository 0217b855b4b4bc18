// What a published atlas holds, decided from the map as it is now: which
// videos (those the map shows, or all), their rows of the layout, and the
// tile pyramid, built with the same map code the viewer runs on the same
// coordinates (so its levels, and the tiles drawn from them, match). Pure.
import type { VideoId } from '../../core/ids';
import { buildMapData, type MapData, type ThumbRecord } from '../map/mapData';
import { MIN_ZOOM, videoColor } from '../map/mapGeometry';
import { levelTiles, topLevel, type PublishedLevel, type PublishedVideo, type PublishOptions } from './publishFormat';

export interface PublishRecord extends ThumbRecord {
  name: string;
  probe: { duration: number | null } | null;
}

export interface PublishPlan {
  /** the app layout's video index of each published video */
  sources: number[];
  /** the app layout's row of each published row */
  layoutRows: Int32Array;
  /** layout coordinates (x, y) of the published rows */
  coords: Float32Array<ArrayBuffer>;
  videos: PublishedVideo[];
  /** the map the viewer will build from them */
  map: MapData<ThumbRecord>;
  levels: PublishedLevel[];
  tiles: number;
}

/** The viewer's map of a published atlas: its videos and coordinates through the app's own map code. */
export function publishedMap(videos: readonly PublishedVideo[], coords: Float32Array, cellPx: number): MapData<ThumbRecord> | null {
  const layout = videos.map((v, j) => ({ id: String(j) as VideoId, name: v.name, frames: v.frames, label: null }));
  return buildMapData(layout, coords, (v) => videos[Number(v.id)]!, cellPx);
}

export function planPublish<R extends PublishRecord>(d: MapData<R>, coords: Float32Array, o: PublishOptions): PublishPlan | null {
  const sources = d.videos.flatMap((v, k) => (v.record && (o.videos === 'all' || d.videoShown(k)) ? [k] : []));
  const total = sources.reduce((s, k) => s + d.rows.count(k), 0);
  if (!total) return null;
  const layoutRows = new Int32Array(total);
  const sub = new Float32Array(2 * total);
  let at = 0;
  for (const k of sources) {
    for (let r = d.rows.starts[k]!; r < d.rows.starts[k + 1]!; r++, at++) {
      layoutRows[at] = r;
      sub[2 * at] = coords[2 * r]!;
      sub[2 * at + 1] = coords[2 * r + 1]!;
    }
  }
  const videos: PublishedVideo[] = sources.map((k) => {
    const v = d.videos[k]!, r = v.record!;
    return {
      name: r.name, frames: v.frames, thumbWidth: r.thumbWidth ?? 16, thumbHeight: r.thumbHeight ?? 9, duration: r.probe?.duration ?? null, color: videoColor(k),
    };
  });
  const map = publishedMap(videos, sub, o.cellPx);
  if (!map) return null;
  const levels: PublishedLevel[] = [];
  for (let z = MIN_ZOOM; z <= topLevel(map.maxLevel, o.maxZoom); z++) levels.push({ z, tiles: levelTiles(map.levels.level(z), z) });
  return { sources, layoutRows, coords: sub, videos, map, levels, tiles: levels.reduce((s, l) => s + l.tiles.length / 2, 0) };
}
