// Messages between the poster client and poster.worker.
import type { VideoId } from '../../core/ids';
import type { Endpoint } from '../../rpc/workerRpc';

export type PosterFormat = 'png' | 'jpeg' | 'webp';

export interface PosterFrame {
  video: VideoId;
  mime: string;
  frame: number;
}

export interface RenderRequest {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  /** one entry per cell, row-major; null = empty (background) */
  cells: (PosterFrame | null)[];
  background: string;
  format: PosterFormat;
  /** 0–1, JPEG and WebP */
  quality: number;
  /** where the bytes go: a file the user picked, or an OPFS export file that is then downloaded */
  file: FileSystemFileHandle;
}

export interface RenderResult {
  bytes: number;
  seconds: number;
  /** frames that could not be read (drawn as background) */
  missing: number;
}

export type PosterEvent = { type: 'progress'; rows: number; totalRows: number; bytes: number };

export type PosterProtocol = {
  render: Endpoint<RenderRequest, RenderResult, PosterEvent>;
};
