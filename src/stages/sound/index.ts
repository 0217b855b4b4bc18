// The sound stage: descriptors of a video's stored sound, one per stored frame (pure; the search worker runs them).
export { analysisFrames, frameDescriptors, standardiseRows, SOUND_DIM, SOUND_VERSION, FRAME, WINDOW_SECONDS } from './soundDescriptors';
export { isSilentPeak, SILENT_DB } from './silence';
