import { describe, expect, it } from 'vitest';
import { DEFAULT_PANELS, drawerOpen, sanitizePanels } from './panels';

describe('drawerOpen', () => {
  const idle = { active: 0, failed: 0 };
  it('auto: open until there is a map, while ingesting and while something failed', () => {
    expect(drawerOpen('auto', idle, false)).toBe(true);
    expect(drawerOpen('auto', idle, true)).toBe(false);
    expect(drawerOpen('auto', { active: 2, failed: 0 }, true)).toBe(true);
    expect(drawerOpen('auto', { active: 0, failed: 1 }, true)).toBe(true);
  });
  it('keeps the state the user chose', () => {
    expect(drawerOpen('open', idle, true)).toBe(true);
    expect(drawerOpen('closed', { active: 3, failed: 1 }, false)).toBe(false);
  });
});

describe('sanitizePanels', () => {
  it('fills what is missing or malformed with the defaults', () => {
    expect(sanitizePanels(undefined)).toEqual(DEFAULT_PANELS);
    expect(sanitizePanels({ library: 'closed', legend: true })).toEqual({ library: 'closed', strip: true, legend: true, search: false });
    expect(sanitizePanels({ library: 'wide' as never, strip: 1 as never })).toEqual(DEFAULT_PANELS);
  });
});
