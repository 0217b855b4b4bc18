// Messages between the poster client and poster.worker. The main thread drives
// the export row by row (begin, row × rows, end), so it can hand over frames
// it decoded itself from the original files; the worker keeps the encoder.
import type { VideoId } from '../../core/ids';
import type { Endpoint } from '../../rpc/workerRpc';

export type PosterFormat = 'png' | 'jpeg' | 'webp';

export interface PosterFrame {
  video: VideoId;
  mime: string;
  frame: number;
}

export interface BeginRequest {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  background: string;
  format: PosterFormat;
  /** 0–1, JPEG and WebP */
  quality: number;
  /** where the bytes go: a file the user picked, or an OPFS export file that is then downloaded */
  file: FileSystemFileHandle;
}

export interface RowRequest {
  row: number;
  /** one per column: the stored frame to draw, or null (background) */
  cells: (PosterFrame | null)[];
  /** one per column: a tile-sized image decoded from the original file, drawn instead of the stored frame */
  images: (ImageBitmap | null)[];
}

export interface RenderResult {
  bytes: number;
  seconds: number;
  /** frames that could not be read (drawn as background) */
  missing: number;
}

export type PosterProtocol = {
  begin: Endpoint<BeginRequest, void, never>;
  row: Endpoint<RowRequest, { bytes: number }, never>;
  end: Endpoint<null, RenderResult, never>;
};
