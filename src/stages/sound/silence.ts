// When a sound track counts as silent (no meyda here: the main thread reads it).

/** A track whose loudest tenth of a second is below this (dBFS) is silence to a listener: nothing to compare. */
export const SILENT_DB = -60;

export const isSilentPeak = (peakDb: number | null): boolean => peakDb === null || peakDb < SILENT_DB;
