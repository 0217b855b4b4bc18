// The legend's choice of which videos the map shows: videos hidden one by one,
// and a filter by name, duration and when they were added. Pure, so the map,
// its paths and search follow one rule.
export interface VideoFilter {
  /** videos hidden by hand (ids of the library's videos) */
  hidden: string[];
  /** shown only when the name (or folder) contains this, any case; '' for all */
  name: string;
  /** duration bounds in minutes; null for none */
  minMinutes: number | null;
  maxMinutes: number | null;
  /** shown only when added within this many days; null for any time */
  addedWithinDays: number | null;
}

/** What the filter needs to know of a video. */
export interface FilterableVideo {
  id: string;
  name: string;
  folder?: string | null;
  addedAt: number;
  probe: { duration: number | null } | null;
}

export const NO_FILTER: VideoFilter = { hidden: [], name: '', minMinutes: null, maxMinutes: null, addedWithinDays: null };

const DAY_MS = 86_400_000;

/** The fields narrow the map (the hand-hidden list aside). */
export function filtering(f: VideoFilter): boolean {
  return f.name.trim() !== '' || f.minMinutes !== null || f.maxMinutes !== null || f.addedWithinDays !== null;
}

/** The video passes the name, duration and date fields. A video of unknown duration passes duration bounds. */
export function matchesFilter(f: VideoFilter, v: FilterableVideo, now: number): boolean {
  const q = f.name.trim().toLowerCase();
  if (q && !`${v.folder ?? ''}/${v.name}`.toLowerCase().includes(q)) return false;
  const d = v.probe?.duration;
  if (d !== null && d !== undefined) {
    if (f.minMinutes !== null && d < f.minMinutes * 60) return false;
    if (f.maxMinutes !== null && d > f.maxMinutes * 60) return false;
  }
  if (f.addedWithinDays !== null && now - v.addedAt > f.addedWithinDays * DAY_MS) return false;
  return true;
}

/** The map draws the video: it passes the fields and was not hidden by hand. */
export function showsVideo(f: VideoFilter, v: FilterableVideo, now: number): boolean {
  return !f.hidden.includes(v.id) && matchesFilter(f, v, now);
}

/** A filter read back from storage: anything malformed falls back to showing everything. */
export function sanitizeFilter(raw: unknown): VideoFilter {
  const r = (raw ?? {}) as Partial<Record<keyof VideoFilter, unknown>>;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : null);
  return {
    hidden: Array.isArray(r.hidden) ? r.hidden.filter((x): x is string => typeof x === 'string') : [],
    name: typeof r.name === 'string' ? r.name : '',
    minMinutes: num(r.minMinutes),
    maxMinutes: num(r.maxMinutes),
    addedWithinDays: num(r.addedWithinDays),
  };
}
