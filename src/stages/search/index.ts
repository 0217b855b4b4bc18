// Public face of the search stage.
export { cosineTopK, normalizeRows, row, type Neighbour } from './cosineKnn';
export { SearchClient } from './search.client';
export { SOUND_MODEL } from './search.protocol';
export type { BenchRequest as SearchBenchRequest, BenchResult as SearchBenchResult, Hit, IndexInfo, SoundState } from './search.protocol';
export { imagePalette, labToCss, PALETTE_SIZE } from './dominantColours';
export { clipFps, CLIP_MAX_FRAMES, CLIP_MAX_SECONDS } from './clipSampling';
