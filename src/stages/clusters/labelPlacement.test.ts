import { describe, expect, it } from 'vitest';
import { rng } from '../../core/random';
import { labelLevel, overlaps, placeLabels, type LabelGroup } from './labelPlacement';

const SIZE = { w: 150, h: 40 };

/** A random two-level tree of groups scattered over and around a view. */
function randomLayout(seed: number): { groups: LabelGroup[]; roots: number[]; view: { width: number; height: number } } {
  const r = rng(seed);
  const view = { width: 300 + Math.floor(r() * 1500), height: 200 + Math.floor(r() * 900) };
  const groups: LabelGroup[] = [];
  const roots: number[] = [];
  const top = 1 + Math.floor(r() * 30);
  for (let t = 0; t < top; t++) {
    const id = groups.length;
    const g: LabelGroup = { id, children: [], size: 1 + Math.floor(r() * 5000), x: (r() * 1.4 - 0.2) * view.width, y: (r() * 1.4 - 0.2) * view.height, extent: r() * 800 };
    groups.push(g);
    roots.push(id);
    const kids = Math.floor(r() * 5);
    const children: number[] = [];
    for (let c = 0; c < kids; c++) {
      children.push(groups.length);
      groups.push({ id: groups.length, children: [], size: 1 + Math.floor(r() * g.size), x: g.x + (r() - 0.5) * g.extent, y: g.y + (r() - 0.5) * g.extent, extent: r() * g.extent });
    }
    g.children = children;
  }
  return { groups, roots, view };
}

describe('label placement', () => {
  it('never overlaps and stays inside the view, on 1,000 random layouts', () => {
    let placedAll = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const { groups, roots, view } = randomLayout(seed);
      const boxes = placeLabels(groups, labelLevel(groups, roots, 300), SIZE, view);
      placedAll += boxes.length;
      for (let i = 0; i < boxes.length; i++) {
        const a = boxes[i]!;
        expect(a.x >= 0 && a.y >= 0 && a.x + a.w <= view.width && a.y + a.h <= view.height).toBe(true);
        for (let j = i + 1; j < boxes.length; j++) expect(overlaps(a, boxes[j]!, 0)).toBe(false);
      }
    }
    expect(placedAll).toBeGreaterThan(2000);
  });

  it('labels coarse groups when zoomed out and their parts when zoomed in', () => {
    const groups: LabelGroup[] = [
      { id: 0, children: [2, 3], size: 100, x: 200, y: 200, extent: 120 },
      { id: 1, children: [], size: 50, x: 600, y: 200, extent: 80 },
      { id: 2, children: [], size: 60, x: 150, y: 180, extent: 40 },
      { id: 3, children: [], size: 40, x: 260, y: 240, extent: 40 },
    ];
    expect(labelLevel(groups, [0, 1], 300)).toEqual([0, 1]);
    const zoomed = groups.map((g) => ({ ...g, x: g.x * 4, y: g.y * 4, extent: g.extent * 4 }));
    expect(labelLevel(zoomed, [0, 1], 300)).toEqual([2, 3, 1]);
  });

  it('places the biggest group first, and moves a label beside its centre rather than drop it', () => {
    const groups: LabelGroup[] = [
      { id: 0, children: [], size: 10, x: 400, y: 300, extent: 10 },
      { id: 1, children: [], size: 99, x: 410, y: 305, extent: 10 },
    ];
    const boxes = placeLabels(groups, [0, 1], SIZE, { width: 800, height: 600 });
    expect(boxes.map((b) => b.id)).toEqual([1, 0]);
    expect(boxes[0]).toMatchObject({ x: 335, y: 285 });
    expect(overlaps(boxes[0]!, boxes[1]!)).toBe(false);
  });
});
