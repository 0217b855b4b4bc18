// Public face of the ingest stage: downstream stages import only from here.
export { IngestClient } from './ingest.client';
export type { ClipFrames, IngestEvent, IngestResult, LookEvent, LookVideo, LookState } from './ingest.protocol';
export { LOOK_BUDGET } from './firstLook';
export type { VideoProbe } from './probe';
export { DEFAULT_PARAMS, MIME, frameMime, sanitizeParams, expectedKept, type SamplingParams, type Sampling, type ImageFormat, type DecoderSetting } from './sampling';
export type { DecodePath } from './decodePath';
export { fingerprint } from './fingerprint';
export { looksLikeVideo, isHiddenName } from './videoFiles';
export { sampleArgs, INPUT_DIR, FRAME_DEVICE } from './ffmpegArgs';
export { decodeLanes, sanitizeLanes, MAX_DECODE_LANES, type DecodeLanesSetting } from './decodeLanes';
