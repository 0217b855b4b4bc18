// Which group labels the map shows and where: a group whose members spread
// wider on screen than `expandPx` gives way to its finer groups (coarse when
// zoomed out, fine when zoomed in); then labels are placed biggest group
// first, each at its group's centre or just beside it, and dropped where they
// would overlap one already placed or leave the view. Pure, so the rule that
// labels never overlap is tested on many random layouts.

export interface LabelGroup {
  id: number;
  children: readonly number[];
  /** frames in the group */
  size: number;
  /** the group's centre on screen, px */
  x: number;
  y: number;
  /** the larger side of its members' box on screen, px */
  extent: number;
}

export interface LabelBox {
  id: number;
  /** top-left corner, px */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Viewport {
  width: number;
  height: number;
}

/** Gap kept between two labels, px. */
export const LABEL_GAP = 4;

/** The groups to label at this zoom: top-level ones, or their children where a group spreads wider than `expandPx`. */
export function labelLevel(groups: readonly LabelGroup[], roots: readonly number[], expandPx: number): number[] {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const out: number[] = [];
  const visit = (id: number) => {
    const g = byId.get(id);
    if (!g) return;
    if (g.children.length && g.extent > expandPx) g.children.forEach(visit);
    else out.push(id);
  };
  roots.forEach(visit);
  return out;
}

export function overlaps(a: LabelBox, b: LabelBox, gap = LABEL_GAP): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

/** Labels of size w × h for these groups, biggest first, none overlapping and all inside the view. */
export function placeLabels(groups: readonly LabelGroup[], ids: readonly number[], size: { w: number; h: number }, view: Viewport): LabelBox[] {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const order = ids.flatMap((id) => byId.get(id) ?? []).sort((a, b) => b.size - a.size || a.id - b.id);
  const { w, h } = size;
  const placed: LabelBox[] = [];
  for (const g of order) {
    // Centred on the group, else just above, below, left or right of its centre.
    const spots: [number, number][] = [[0, 0], [0, -(h + LABEL_GAP)], [0, h + LABEL_GAP], [-(w / 2 + LABEL_GAP), 0], [w / 2 + LABEL_GAP, 0]];
    for (const [dx, dy] of spots) {
      const box = { id: g.id, x: Math.round(g.x + dx - w / 2), y: Math.round(g.y + dy - h / 2), w, h };
      const inside = box.x >= 0 && box.y >= 0 && box.x + w <= view.width && box.y + h <= view.height;
      if (inside && !placed.some((p) => overlaps(p, box))) {
        placed.push(box);
        break;
      }
    }
  }
  return placed;
}
