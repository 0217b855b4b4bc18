import { describe, expect, it } from 'vitest';
import { filtering, matchesFilter, NO_FILTER, sanitizeFilter, showsVideo, type FilterableVideo } from './videoFilter';

const now = Date.UTC(2026, 11, 3);
const day = 86_400_000;
const v = (over: Partial<FilterableVideo>): FilterableVideo => ({ id: 'a', name: 'Beach.mp4', folder: 'summer/day1', addedAt: now - day, probe: { duration: 600 }, ...over });

describe('videoFilter', () => {
  it('shows everything by default', () => {
    expect(filtering(NO_FILTER)).toBe(false);
    expect(showsVideo(NO_FILTER, v({}), now)).toBe(true);
  });

  it('matches the name or folder in any case', () => {
    const f = { ...NO_FILTER, name: ' beach ' };
    expect(filtering(f)).toBe(true);
    expect(matchesFilter(f, v({}), now)).toBe(true);
    expect(matchesFilter(f, v({ name: 'city.mp4' }), now)).toBe(false);
    expect(matchesFilter({ ...NO_FILTER, name: 'SUMMER' }, v({ name: 'city.mp4' }), now)).toBe(true);
  });

  it('bounds the duration in minutes; an unknown duration passes', () => {
    expect(matchesFilter({ ...NO_FILTER, minMinutes: 5 }, v({}), now)).toBe(true);
    expect(matchesFilter({ ...NO_FILTER, minMinutes: 11 }, v({}), now)).toBe(false);
    expect(matchesFilter({ ...NO_FILTER, maxMinutes: 9 }, v({}), now)).toBe(false);
    expect(matchesFilter({ ...NO_FILTER, maxMinutes: 10 }, v({}), now)).toBe(true);
    expect(matchesFilter({ ...NO_FILTER, minMinutes: 11 }, v({ probe: null }), now)).toBe(true);
  });

  it('keeps videos added within the days asked', () => {
    expect(matchesFilter({ ...NO_FILTER, addedWithinDays: 7 }, v({}), now)).toBe(true);
    expect(matchesFilter({ ...NO_FILTER, addedWithinDays: 7 }, v({ addedAt: now - 8 * day }), now)).toBe(false);
  });

  it('hides a video hidden by hand even when it matches', () => {
    expect(showsVideo({ ...NO_FILTER, hidden: ['a'] }, v({}), now)).toBe(false);
    expect(showsVideo({ ...NO_FILTER, hidden: ['b'] }, v({}), now)).toBe(true);
  });

  it('reads back a stored filter, dropping what is malformed', () => {
    expect(sanitizeFilter(undefined)).toEqual(NO_FILTER);
    expect(sanitizeFilter({ hidden: ['a', 3], name: 7, minMinutes: -1, maxMinutes: 2, addedWithinDays: 'x' })).toEqual({ ...NO_FILTER, hidden: ['a'], maxMinutes: 2 });
  });
});
