// Public face of the ingest stage: downstream stages import only from here.
export { IngestClient } from './ingest.client';
export type { ClipFrames, IngestEvent, IngestResult } from './ingest.protocol';
export type { VideoProbe } from './probe';
export { DEFAULT_PARAMS, MIME, sanitizeParams, expectedKept, type SamplingParams, type Sampling, type ImageFormat } from './sampling';
export { fingerprint } from './fingerprint';
export { looksLikeVideo, isHiddenName } from './videoFiles';
export { sampleArgs, INPUT_DIR, FRAME_DEVICE } from './ffmpegArgs';
