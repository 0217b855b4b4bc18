// Which grid cells the loaded map tiles show: the map's "N shown" count and
// the test API's view of what is on screen. One per map data: a new layout or
// library change starts from nothing, as deck then reloads its tiles.
import { cellKey } from '../grid';
import type { Bounds } from './mapGeometry';

export interface DrawnCell {
  cx: number;
  cy: number;
  row: number;
}

export interface TileIndex {
  x: number;
  y: number;
  z: number;
}

export class DrawnTiles {
  private readonly byTile = new Map<string, { level: number; cells: DrawnCell[] }>();

  /** A tile loaded with cells of grid level `level` (its own zoom, or the deepest level for a tile beyond it). */
  loaded(t: TileIndex, level: number, cells: DrawnCell[]): void {
    this.byTile.set(`${t.x},${t.y},${t.z}`, { level, cells });
  }

  unloaded(t: TileIndex): void {
    this.byTile.delete(`${t.x},${t.y},${t.z}`);
  }

  /** Cells of a grid level drawn by loaded tiles that overlap `view` (world units), each once. */
  inView(level: number, cellW: number, cellH: number, view: Bounds): DrawnCell[] {
    const seen = new Map<number, DrawnCell>();
    for (const tile of this.byTile.values()) {
      if (tile.level !== level) continue;
      for (const c of tile.cells) {
        const x0 = c.cx * cellW, y0 = c.cy * cellH;
        if (x0 + cellW < view.x0 || x0 > view.x1 || y0 + cellH < view.y0 || y0 > view.y1) continue;
        seen.set(cellKey(c.cx, c.cy), c);
      }
    }
    return [...seen.values()];
  }
}
