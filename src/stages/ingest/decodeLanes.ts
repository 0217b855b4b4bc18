// How many videos get their dense pass at once. Chromium's software H.264 decoder takes about 3 threads for a
// 1080p stream (2 for 720p, more only for 4K), so on a machine with many cores one video leaves most of them idle;
// features and layout want their share too. Pure, so the rule is unit-tested without a browser.

/** 'auto' (from the machine's cores) or a fixed number of videos decoded at once */
export type DecodeLanesSetting = 'auto' | number;

export const MAX_DECODE_LANES = 4;

/** Cores one lane is counted to need: its decoder's ~3 threads and a share of the features and layout work. */
const CORES_PER_LANE = 4;

/** Videos decoded at once: one per 4 cores by default (1 on 2–7 cores, 2 on 8–11, …), at most 4. */
export function decodeLanes(setting: DecodeLanesSetting, cores: number): number {
  if (setting !== 'auto') return clampLanes(setting);
  return clampLanes(Math.floor((Number.isFinite(cores) ? cores : 1) / CORES_PER_LANE));
}

/** A stored or typed value made a valid setting (anything else is 'auto'). */
export function sanitizeLanes(value: unknown): DecodeLanesSetting {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_DECODE_LANES ? value : 'auto';
}

function clampLanes(n: number): number {
  return Math.max(1, Math.min(MAX_DECODE_LANES, Math.floor(n) || 1));
}
