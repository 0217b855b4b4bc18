// What the user picks on the map: video paths (also the most dissimilar
// videos), a region drawn with the box or lasso tool, and the frame open in
// the inspector. Geometry comes from the atlas; paths are saved with its view.
import type { VideoId } from '../core/ids';
import { farthestSet, pathDistances, pointsInside, screenToWorld, type Polygon } from '../stages/map';
import type { Atlas, MapFrame } from './atlas.svelte';

export class MapSelection {
  paths = $state.raw<VideoId[]>([]);
  /** layout video indices chosen as most dissimilar */
  dissimilar = $state.raw<number[] | null>(null);
  region = $state.raw<{ polygon: Polygon; rows: number[] } | null>(null);
  inspected = $state.raw<MapFrame | null>(null);
  /** layout rows a search by words found, with how well each answers it (0–1): outlined on the map, stronger for the better */
  hits = $state.raw<{ row: number; weight: number }[]>([]);

  /** layout video indices whose paths are drawn (not those the legend hides) */
  readonly pathVideos = $derived.by(() => {
    const d = this.atlas.data;
    return d ? this.paths.map((id) => d.videos.findIndex((v) => v.id === id)).filter((k) => k >= 0 && d.videoShown(k)) : [];
  });

  constructor(
    private readonly atlas: Atlas,
    /** the paths changed: save them */
    private readonly onPathsChanged: () => void,
  ) {}

  togglePath(id: VideoId): void {
    this.paths = this.paths.includes(id) ? this.paths.filter((p) => p !== id) : [...this.paths, id];
    this.onPathsChanged();
  }

  clearPaths(): void {
    this.paths = [];
    this.dissimilar = null;
    this.onPathsChanged();
  }

  /** Shows the paths of the k videos whose paths lie farthest apart. */
  showDissimilar(k: number): void {
    const d = this.atlas.data;
    if (!d) return;
    const ks = d.videos.map((_, i) => i).filter((i) => d.include(d.rows.starts[i]!) && d.rows.count(i) > 0);
    const chosen = farthestSet(pathDistances(ks.map((i) => this.atlas.path(i))), ks.length, k).map((j) => ks[j]!);
    this.dissimilar = chosen;
    this.paths = chosen.map((i) => d.videos[i]!.id);
    this.onPathsChanged();
  }

  /** Selects the frames inside a polygon drawn in screen px. */
  selectRegion(screen: Polygon): void {
    const d = this.atlas.data, v = this.atlas.view;
    if (!d || !v || screen.length < 3) {
      this.region = null;
      return;
    }
    const polygon = screen.map(([x, y]) => screenToWorld(v, this.atlas.width, this.atlas.height, x, y));
    this.region = { polygon, rows: pointsInside(d.world, polygon, d.include) };
  }

  inspect(f: MapFrame | null): void {
    this.inspected = f;
  }
}
