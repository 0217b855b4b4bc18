// Messages between the ingest worker's decoder loop and thumbnail.worker (a worker the ingest worker starts).
import type { Endpoint } from '../../rpc/workerRpc';
import type { ThumbnailSpec } from './thumbnailMaker';

export interface ThumbnailJob {
  spec: ThumbnailSpec;
  /** transferred: closed on the sender's side once posted */
  frame: VideoFrame;
}

export interface Thumbnail {
  bytes: Uint8Array;
  /** seconds this frame took to draw (plane copy, scaling, colour conversion) */
  drawSeconds: number;
}

export type ThumbnailProtocol = {
  make: Endpoint<ThumbnailJob, Thumbnail, never>;
};
