// Public face of the poster stage.
export { PosterClient } from './poster.client';
export type { PosterFormat, PosterFrame, RenderResult } from './poster.protocol';
export { defaultRows, formatLimit, MAX_SIDE, planPoster, validatePoster, type PosterParams, type PosterPlan } from './posterPlan';
export { fitWindow, framesExtent, posterWarning, windowFill, type Extent, type PosterWarning, type PosterWindow, type WindowFill } from './posterWindow';
