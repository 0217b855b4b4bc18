// Messages between the map and map.worker: the map decides which frame goes
// where (grid assignment); the worker only reads and draws.
import type { VideoId } from '../../core/ids';
import type { Endpoint } from '../../rpc/workerRpc';

export interface TileDraw {
  video: VideoId;
  /** frame index within the video's pack */
  frame: number;
  /** destination rectangle in tile pixels (may reach outside the tile) */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TileRequest {
  /** the tile's place, for the OPFS tile cache */
  z: number;
  x: number;
  y: number;
  /** tile edge in px */
  size: number;
  background: string;
  draws: TileDraw[];
}

export interface DotsRequest {
  z: number;
  x: number;
  y: number;
  size: number;
  background: string;
  /** dot centres in tile px, x, y pairs */
  points: Float32Array;
  /** one CSS colour per run of dots: runs[k] dots of colours[k] (points come grouped by video) */
  colours: string[];
  runs: number[];
  radius: number;
}

export interface TileSources {
  /** MIME type of each video's stored frames */
  videos: { id: VideoId; mime: string }[];
  /** names what tiles depend on; cached tiles of other keys are dropped */
  cacheKey: string;
}

export interface Encoding {
  type: 'image/webp' | 'image/jpeg';
  quality: number;
}

export type TilesProtocol = {
  /** which videos frames come from; a changed list drops readers and cached images */
  sources: Endpoint<TileSources, void, never>;
  /** draws one tile; null when every draw failed */
  tile: Endpoint<TileRequest, ImageBitmap, never>;
  /** draws one tile of the points mode */
  dots: Endpoint<DotsRequest, ImageBitmap, never>;
  /** draws one tile and encodes it (a published atlas's tile pyramid); no tile cache */
  tileImage: Endpoint<TileRequest & Encoding, Blob, never>;
  /** a frame at a given size (hover card, strips): reads through the same cache */
  frame: Endpoint<{ video: VideoId; frame: number; width: number; height: number }, ImageBitmap, never>;
  /** a frame `height` px high in its own aspect, encoded (a published atlas's hover images) */
  frameImage: Endpoint<{ video: VideoId; frame: number; height: number } & Encoding, Blob, never>;
};
