// Messages between the detect client and detect.worker.
import type { VideoId } from '../../core/ids';
import type { Endpoint } from '../../rpc/workerRpc';
import type { DetectBackend } from './humanDetector';

export interface DetectJob {
  videoId: VideoId;
  /** the stored frames' image type */
  mime: string;
  /** frames stored: 0 … frames − 1 are looked at (those already looked at are skipped) */
  frames: number;
  objects: boolean;
  faces: boolean;
  /** absolute URL of the folder holding the detectors' model files */
  modelBase: string;
}

export type DetectEvent =
  | { type: 'backend'; backend: DetectBackend; reason: string }
  /** frames of this video looked at so far, of `total` */
  | { type: 'progress'; done: number; total: number };

export interface DetectResult {
  /** frames looked at by this run */
  looked: number;
  objects: number;
  faces: number;
  ms: number;
  backend: DetectBackend;
}

export interface PhotoFace {
  score: number;
  /** x, y, w, h in 0–1 of the photo */
  box: [number, number, number, number];
  descriptor: Float32Array;
}

export type DetectProtocol = {
  run: Endpoint<DetectJob, DetectResult, DetectEvent>;
  /** faces (unit descriptors, `dim` values each) grouped into people: each face's group, 0 the largest */
  groupFaces: Endpoint<{ rows: Float32Array; dim: number; threshold: number }, { groups: Int32Array; ms: number }, never>;
  /** the faces in a photo the user dropped: "find this face" */
  photoFaces: Endpoint<{ image: Blob; modelBase: string }, { faces: PhotoFace[] }, never>;
};
