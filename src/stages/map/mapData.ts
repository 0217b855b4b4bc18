// What the map draws, derived from a layout and the library's records: rows
// per video, world positions, which rows are shown (videos removed since
// training are not), the grid levels, and colours. Pure: a new layout or a
// change in the library builds a new one; nothing here talks to a worker.
import { lookOwner } from '../../core/ids';
import { median } from '../../core/median';
import type { LayoutVideo } from '../projection';
import { boundsOf, FrameRows, LevelCache, toWorld, videoColor, type Bounds } from './mapGeometry';

/** What the map needs of a library record. */
export interface ThumbRecord {
  thumbWidth: number | null;
  thumbHeight: number | null;
}

export interface MapData<R extends ThumbRecord> {
  /** the layout's videos, each with its record (null once removed from the library) */
  videos: (LayoutVideo & { record: R | null })[];
  rows: FrameRows;
  /** x, y per row in world units, y down */
  world: Float32Array;
  include(row: number): boolean;
  videoOfRow: Uint32Array;
  levels: LevelCache;
  maxLevel: number;
  bounds: Bounds | null;
  /** thumbnail width / height (median over the videos) */
  aspect: number;
  /** rows shown */
  frames: number;
  /** RGBA per row: the video's colour, transparent when not shown */
  colors: Uint8Array;
  /** one character per video: 1 shown, 0 removed or hidden by the legend (part of every tile cache key) */
  present: string;
  /** video k is drawn (in the library and not hidden) */
  videoShown(k: number): boolean;
}

/**
 * Each layout video's record: a first look (`<id>~look`) shows with its video's record until the layout holds
 * all of the video's own frames, then not at all (its frames are among the video's own).
 */
export function layoutRecords<R extends { status: string; frames: number }>(layoutVideos: readonly LayoutVideo[], records: ReadonlyMap<string, R>): (v: LayoutVideo) => R | null {
  const held = new Map(layoutVideos.map((v) => [v.id as string, v.frames]));
  return (v) => {
    const owner = lookOwner(v.id);
    if (!owner) return records.get(v.id) ?? null;
    const record = records.get(owner) ?? null;
    const own = held.get(owner);
    // A look gives way once its video's own frames are all placed; while they fill in, both show (a look frame
    // and the same frame of the dense pass have the same features, so they lie on top of each other).
    const inFull = own !== undefined && (!record || ((record.status === 'done' || record.status === 'partial') && own >= record.frames));
    return inFull ? null : record;
  };
}

/**
 * null when there is nothing to draw (no layout, layout and coordinates disagree, or every video removed or hidden).
 * `shows` is the legend's filter: a video it rejects keeps its record (the legend still lists it) but is not drawn.
 */
export function buildMapData<R extends ThumbRecord>(
  layoutVideos: readonly LayoutVideo[],
  coords: Float32Array | null,
  recordOf: (v: LayoutVideo) => R | null,
  cellPx: number,
  shows: (record: R) => boolean = () => true,
): MapData<R> | null {
  if (!coords || !layoutVideos.length) return null;
  const videos = layoutVideos.map((v) => ({ ...v, record: recordOf(v) }));
  const rows = new FrameRows(videos.map((v) => v.frames));
  if (rows.total * 2 !== coords.length) return null;
  const shown = Uint8Array.from(videos, (v) => (v.record && shows(v.record) ? 1 : 0));
  const frames = videos.reduce((s, v, k) => s + (shown[k] ? v.frames : 0), 0);
  if (!frames) return null;
  const videoOfRow = new Uint32Array(rows.total);
  videos.forEach((_, k) => videoOfRow.fill(k, rows.starts[k]!, rows.starts[k + 1]!));
  const include = (i: number) => shown[videoOfRow[i]!] === 1;
  const world = toWorld(coords);
  const sized = videos.flatMap((v) => (v.record?.thumbWidth && v.record.thumbHeight ? [v.record.thumbWidth / v.record.thumbHeight] : []));
  const aspect = sized.length ? median(sized) : 16 / 9;
  const levels = new LevelCache(world, cellPx, aspect, include);
  const colors = new Uint8Array(rows.total * 4);
  videos.forEach((_, k) => {
    const [r, g, b] = videoColor(k);
    for (let i = rows.starts[k]!; i < rows.starts[k + 1]!; i++) colors.set([r, g, b, shown[k] ? 220 : 0], 4 * i);
  });
  const bounds = boundsOf(world, include);
  const extent = bounds ? Math.max(bounds.x1 - bounds.x0, bounds.y1 - bounds.y0) : 1;
  return { videos, rows, world, include, videoOfRow, levels, maxLevel: levels.maxLevel(frames, extent), bounds, aspect, frames, colors, present: shown.join(''), videoShown: (k) => shown[k] === 1 };
}
