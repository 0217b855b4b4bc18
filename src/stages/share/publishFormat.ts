// A published atlas (docs/PUBLISH.md): a static folder any web server serves,
// read by the viewer (src/viewer/). `atlas.json` describes it; coordinates,
// times and the search index are flat little-endian arrays beside it; the map is
// a pyramid of pre-drawn tiles, one folder per level. Both sides build the map's
// grid levels from the same coordinates with the same code (stages/map
// buildMapData), so the tiles and the viewer's hover agree cell for cell. Pure.
import { cellsIn, keyCell, type GridLevel } from '../grid/gridAssign';
import { MIN_ZOOM, TILE_PX } from '../map/mapGeometry';

export const PUBLISHED_FORMAT = 'frame-atlas-published';
export const PUBLISHED_VERSION = 1;
export const ATLAS_JSON = 'atlas.json';
export const COORDS_FILE = 'coords.f32';
export const TIMES_FILE = 'times.f32';
export const INDEX_FILE = 'index.f16';

export interface PublishedVideo {
  name: string;
  frames: number;
  /** thumbnail size as stored (the map's cell shape follows it) */
  thumbWidth: number;
  thumbHeight: number;
  /** seconds, when known */
  duration: number | null;
  /** its colour in the app (paths, points) */
  color: [number, number, number];
}

export interface PublishedLevel {
  z: number;
  /** x, y of each tile drawn at this level (every other tile of the level is empty) */
  tiles: number[];
}

export interface PublishedAtlas {
  format: typeof PUBLISHED_FORMAT;
  version: number;
  title: string;
  createdAt: number;
  /** rows in coords.f32 / times.f32 / index.f16: the videos' frames in order */
  frames: number;
  /** thumbnail width on screen at each level's own zoom */
  cellPx: number;
  tilePx: number;
  background: string;
  /** levels MIN_ZOOM … top; deeper zooms enlarge the top level */
  levels: PublishedLevel[];
  videos: PublishedVideo[];
  /** the search index: unit rows of `dim` float16 values, or null when left out */
  index: { dim: number } | null;
  /** hover images `frames/<video>/<frame>.webp`, `height` px high, or null when left out */
  frameImages: { height: number } | null;
}

export interface PublishOptions {
  /** 'shown': only the videos the map shows now (the legend); 'all': every video of the layout */
  videos: 'shown' | 'all';
  cellPx: number;
  /** deepest level drawn; null: every level down to one frame a cell */
  maxZoom: number | null;
  /** hover image height in px; 0 leaves them out */
  frameHeight: number;
  /** include the PCA search index (similar-frame search in the viewer) */
  index: boolean;
}

export const tilePath = (z: number, x: number, y: number): string => `tiles/${z}/${x}_${y}.webp`;
export const framePath = (video: number, frame: number): string => `frames/${video}/${frame}.webp`;

/** The deepest level published: the map's own deepest, or less where the options cap it. */
export function topLevel(maxLevel: number, maxZoom: number | null): number {
  return maxZoom === null ? maxLevel : Math.max(MIN_ZOOM, Math.min(maxLevel, Math.round(maxZoom)));
}

/** World edge of a tile at level z (deck.gl's TileLayer: 512 px at its own zoom). */
export const tileWorld = (z: number): number => TILE_PX / 2 ** z;

/** The tiles of level z that some occupied cell overlaps, as sorted x, y pairs. */
export function levelTiles(l: GridLevel, z: number): number[] {
  const t = tileWorld(z);
  const keys = new Set<string>();
  for (const key of l.cells.keys()) {
    const [cx, cy] = keyCell(key);
    const tx0 = Math.floor((cx * l.w) / t), tx1 = Math.ceil(((cx + 1) * l.w) / t) - 1;
    const ty0 = Math.floor((cy * l.h) / t), ty1 = Math.ceil(((cy + 1) * l.h) / t) - 1;
    for (let ty = ty0; ty <= ty1; ty++) for (let tx = tx0; tx <= tx1; tx++) keys.add(`${tx},${ty}`);
  }
  return [...keys]
    .map((k) => k.split(',').map(Number) as [number, number])
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .flat();
}

/** Cells of level z drawn in tile (x, y): each with its destination rectangle in tile px (`px` the tile's edge). */
export function tileCells(l: GridLevel, z: number, x: number, y: number, px: number): { index: number; x: number; y: number; w: number; h: number }[] {
  const t = tileWorld(z);
  const left = x * t, top = y * t, s = px / t;
  return cellsIn(l, left, top, left + t, top + t).map((c) => ({ index: c.index, x: (c.cx * l.w - left) * s, y: (c.cy * l.h - top) * s, w: l.w * s, h: l.h * s }));
}

/** Checks a published atlas's description; a message a person can read when it is not one this viewer reads. */
export function parsePublished(value: unknown): PublishedAtlas {
  const a = value as Partial<PublishedAtlas> | null;
  if (!a || typeof a !== 'object' || a.format !== PUBLISHED_FORMAT) throw new Error('this folder holds no published Frame Atlas (atlas.json is missing or foreign)');
  if (a.version !== PUBLISHED_VERSION) throw new Error(`this atlas was published in format ${String(a.version)}; this viewer reads format ${PUBLISHED_VERSION}`);
  const ok = Number.isInteger(a.frames) && a.frames! > 0 && Array.isArray(a.videos) && Array.isArray(a.levels) && typeof a.cellPx === 'number'
    && a.videos.reduce((s, v) => s + (v?.frames ?? NaN), 0) === a.frames;
  if (!ok) throw new Error('atlas.json is damaged: its videos and frames do not add up');
  return a as PublishedAtlas;
}
