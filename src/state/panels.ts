// When the panels over the map are open. Pure: the rules are unit-tested.

/** The library drawer: `auto` opens it while it has something to show, else it is as the user left it. */
export type DrawerSetting = 'auto' | 'open' | 'closed';

/**
 * The library drawer is open. `auto`: while there is no map yet (the drawer is the screen then), while videos are
 * queued or decoding, and while some failed, so progress and errors are in sight; once the map is complete it
 * gives the map its room. Adding videos turns `closed` back into `auto` (Library.add).
 */
export function drawerOpen(setting: DrawerSetting, s: { active: number; failed: number }, hasMap: boolean): boolean {
  if (setting !== 'auto') return setting === 'open';
  return !hasMap || s.active > 0 || s.failed > 0;
}

/** The panels over the map, as the user left them (stored). */
export interface Panels {
  library: DrawerSetting;
  /** the frame strip's bottom sheet shows its frames, not only its header line */
  strip: boolean;
  /** the legend of videos is open */
  legend: boolean;
  /** the search sheet is open */
  search: boolean;
}

export const DEFAULT_PANELS: Panels = { library: 'auto', strip: true, legend: false, search: false };

/** Stored panels read back: what is missing or malformed takes its default. */
export function sanitizePanels(raw: Partial<Panels> | undefined | null): Panels {
  const r = raw ?? {};
  return {
    library: r.library === 'open' || r.library === 'closed' ? r.library : 'auto',
    strip: typeof r.strip === 'boolean' ? r.strip : DEFAULT_PANELS.strip,
    legend: typeof r.legend === 'boolean' ? r.legend : DEFAULT_PANELS.legend,
    search: typeof r.search === 'boolean' ? r.search : DEFAULT_PANELS.search,
  };
}

/** Below this width (px of the map area) the library drawer and the search sheet do not fit side by side with the map. */
export const SIDE_BY_SIDE_PX = 1180;
