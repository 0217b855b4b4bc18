// The published atlas's viewer: the app's map without the app. The same map
// code builds the grid levels from the published coordinates (so hover and
// outlines match the pre-drawn tiles), deck.gl shows the tile pyramid or the
// points, a video's path is traced on demand, and a selected frame's similar
// frames come from the published PCA index (exact cosine, as the app's search).
// No ingest, no model, no worker: a static folder and a browser.
import { Deck, OrthographicView, type PickingInfo } from '@deck.gl/core';
import { BitmapLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import { TileLayer } from '@deck.gl/geo-layers';
import { formatDuration, formatTimestamp } from '../core/format';
import { cellKey, cellOfPoint, keyCell, pointAt } from '../stages/grid/gridAssign';
import { levelAt, MIN_ZOOM, TILE_PX, worldToScreen, type Bounds, type ViewState } from '../stages/map/mapGeometry';
import { clampView, fitCells, keyAction, zoomAround } from '../stages/map/mapView';
import { PointIndex } from '../stages/map/pointIndex';
import { cosineTopK, row as rowOf } from '../stages/search/cosineKnn';
import { framePath, tilePath } from '../stages/share/publishFormat';
import { publishedMap } from '../stages/share/publishPlan';
import { loadAtlas, loadIndex, type LoadedAtlas } from './load';
import './viewer.css';

const SIMILAR = 12;
const DOT_PX = 2.5;

const el = (id: string) => document.getElementById(id)!;
const mapEl = el('map') as HTMLDivElement;
const say = (text: string) => (el('status').textContent = text);

function tag<K extends keyof HTMLElementTagNameMap>(name: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(name), props);
  e.append(...children);
  return e;
}

function swatch([r, g, b]: [number, number, number]): HTMLSpanElement {
  const s = tag('span', { className: 'swatch' });
  s.style.background = `rgb(${r} ${g} ${b})`;
  return s;
}

function start({ atlas, coords, times }: LoadedAtlas): void {
  const map = publishedMap(atlas.videos, coords, atlas.cellPx);
  if (!map?.bounds) throw new Error('the atlas has no frames to show');
  const b = map.bounds;
  const top = atlas.levels.at(-1)?.z ?? 0;
  const maxZoom = map.maxLevel + 2;
  const published = new Map(atlas.levels.map((l) => [l.z, new Set(l.tiles.flatMap((v, i) => (i % 2 ? [] : [`${v},${l.tiles[i + 1]}`])))]));
  const pad = 2 * map.levels.level(MIN_ZOOM).w;
  const extent: [number, number, number, number] = [b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad];
  const points = new PointIndex(map.world, Math.max(b.x1 - b.x0, b.y1 - b.y0) / 128);
  const colors = atlas.videos.map((v) => v.color);
  /** the points layer's data, made once: a new array on every hover would send every point to the GPU again */
  const everyRow = Array.from({ length: map.rows.total }, (_, r) => r);
  let index: Promise<Float32Array> | null = null;

  let mode: 'tiles' | 'points' = 'tiles';
  let width = mapEl.clientWidth, height = mapEl.clientHeight;
  let view: ViewState = fit();
  let hover: number | null = null;
  let selected: number | null = null;
  let tilesLoaded = 0;
  const paths = new Set<number>();

  const videoOf = (r: number) => map.videoOfRow[r]!;
  const frameOf = (r: number) => r - map.rows.starts[videoOf(r)]!;
  const level = () => levelAt(view.zoom, top);

  /** The map's px the video list covers on the left. */
  function leftInset(): number {
    const list = el('videos').getBoundingClientRect();
    return list.width ? Math.max(0, Math.min(list.right - mapEl.getBoundingClientRect().left, width / 2)) : 0;
  }

  /** Every frame's cell in view, in the part of the map the video list leaves uncovered. */
  function fit(): ViewState {
    const inset = leftInset();
    const v = fitCells(b, (z) => map!.levels.level(Math.min(z, top)), top, width - inset, height);
    return { target: [v.target[0] - inset / 2 / 2 ** v.zoom, v.target[1]], zoom: v.zoom };
  }

  /** The cell a row is drawn in at the current level, or null when another frame holds it there. */
  function cellOf(r: number): Bounds | null {
    const l = map!.levels.level(level());
    if (mode === 'points') {
      const x = map!.world[2 * r]!, y = map!.world[2 * r + 1]!;
      const d = 4 / 2 ** view.zoom;
      return { x0: x - d, y0: y - d, x1: x + d, y1: y + d };
    }
    const [cx, cy] = cellOfPoint(l, r, map!.world[2 * r]!, map!.world[2 * r + 1]!);
    if (l.cells.get(cellKey(cx, cy)) !== r) return null;
    return { x0: cx * l.w, y0: cy * l.h, x1: (cx + 1) * l.w, y1: (cy + 1) * l.h };
  }

  function rowAt(x: number, y: number): number | null {
    if (mode === 'points') {
      const r = points.nearest(x, y, 6 / 2 ** view.zoom);
      return r < 0 ? null : r;
    }
    return pointAt(map!.levels.level(level()), x, y) ?? null;
  }

  const rect = (c: Bounds) => [[c.x0, c.y0], [c.x1, c.y0], [c.x1, c.y1], [c.x0, c.y1], [c.x0, c.y0]];

  function layers() {
    const out: unknown[] = [];
    if (mode === 'tiles')
      out.push(
        new TileLayer<ImageBitmap | null>({
          id: 'tiles',
          tileSize: TILE_PX,
          minZoom: MIN_ZOOM,
          maxZoom: top,
          extent,
          maxRequests: 8,
          refinementStrategy: 'best-available',
          getTileData: async ({ index: { x, y, z }, signal }) => {
            if (!published.get(z)?.has(`${x},${y}`)) return null; // no frame there: the background shows
            const res = await fetch(tilePath(z, x, y), { signal });
            if (!res.ok) throw new Error(`${tilePath(z, x, y)}: HTTP ${res.status}`);
            const bmp = await createImageBitmap(await res.blob());
            tilesLoaded++;
            mapEl.dataset.tiles = String(tilesLoaded);
            return bmp;
          },
          onTileUnload: (tile) => (tile.content as ImageBitmap | null)?.close(),
          onTileError: (e: unknown) => console.warn('tile failed:', e),
          renderSubLayers: (props) => {
            const { left, top: t, right, bottom } = props.tile.bbox as { left: number; top: number; right: number; bottom: number };
            return props.data ? new BitmapLayer({ id: props.id, image: props.data, bounds: [left, bottom, right, t] }) : null;
          },
        }),
      );
    else
      out.push(
        new ScatterplotLayer<number>({
          id: 'points',
          data: everyRow,
          getPosition: (r) => [map!.world[2 * r]!, map!.world[2 * r + 1]!],
          getFillColor: (r) => [...colors[videoOf(r)]!, 220] as [number, number, number, number],
          radiusUnits: 'pixels',
          getRadius: DOT_PX,
        }),
      );
    const traced = [...paths].map((k) => ({ k, path: map!.world.slice(2 * map!.rows.starts[k]!, 2 * map!.rows.starts[k + 1]!) }));
    if (traced.length)
      out.push(
        new PathLayer({
          id: 'paths', data: traced, getPath: (p) => p.path, positionFormat: 'XY',
          getColor: (p) => [...colors[p.k]!, 235] as [number, number, number, number], getWidth: 3, widthUnits: 'pixels', jointRounded: true, capRounded: true,
        }),
      );
    const outlines: { path: number[][]; color: [number, number, number, number] }[] = [];
    const hovered = hover === null ? null : cellOf(hover), picked = selected === null ? null : cellOf(selected);
    if (hovered) outlines.push({ path: rect(hovered), color: [255, 255, 255, 200] });
    if (picked) outlines.push({ path: rect(picked), color: [90, 169, 255, 255] });
    if (outlines.length)
      out.push(new PathLayer({ id: 'outlines', data: outlines, getPath: (o) => o.path, getColor: (o) => o.color, getWidth: 2, widthUnits: 'pixels' }));
    return out;
  }

  const deck = new Deck<OrthographicView>({
    parent: mapEl,
    views: new OrthographicView({ id: 'map' }),
    viewState: viewStateOf(view),
    controller: { scrollZoom: { smooth: false, speed: 0.01 }, doubleClickZoom: false, keyboard: false, inertia: 250 },
    onViewStateChange: ({ viewState }) => {
      const v = viewState as { target: number[]; zoom: number };
      setView({ target: [v.target[0]!, v.target[1]!], zoom: v.zoom });
      return viewStateOf(view) as never;
    },
    onHover: (info: PickingInfo) => {
      const r = info.coordinate ? rowAt(info.coordinate[0]!, info.coordinate[1]!) : null;
      if (r !== hover) {
        hover = r;
        render();
      }
      showHover(r, info.x, info.y);
    },
    onClick: (info: PickingInfo, event) => {
      if ((event as { type?: string }).type === 'dblclick') {
        setView(zoomAround(view, width, height, info.x, info.y, 1));
        return;
      }
      const r = info.coordinate ? rowAt(info.coordinate[0]!, info.coordinate[1]!) : null;
      select(r);
    },
    getCursor: ({ isDragging }) => (isDragging ? 'grabbing' : hover !== null ? 'pointer' : 'grab'),
    layers: [],
  });

  function viewStateOf(v: ViewState) {
    return { target: [v.target[0], v.target[1], 0] as [number, number, number], zoom: v.zoom, minZoom: MIN_ZOOM, maxZoom };
  }

  function setView(v: ViewState): void {
    const zoom = Math.min(maxZoom, Math.max(MIN_ZOOM, v.zoom));
    const before = level();
    // Panning stops a third of the view beyond the frames (plus what the video list covers).
    view = clampView({ target: v.target, zoom }, b, width, height, Math.min(width, height) / 3 + leftInset());
    deck.setProps({ viewState: viewStateOf(view) });
    mapEl.dataset.zoom = view.zoom.toFixed(3);
    mapEl.dataset.level = String(level());
    if (level() !== before) render(); // outlines follow the level's cells
    el('hover').hidden = true;
  }

  function render(): void {
    deck.setProps({ layers: layers() as never });
  }

  function label(r: number): string {
    const v = atlas.videos[videoOf(r)]!;
    return `${v.name} · ${formatTimestamp(times[r]!)}`;
  }

  function image(r: number, alt: string): HTMLImageElement | string {
    return atlas.frameImages ? tag('img', { src: framePath(videoOf(r), frameOf(r)), alt, loading: 'lazy', decoding: 'async' }) : '';
  }

  function showHover(r: number | null, x: number, y: number): void {
    const card = el('hover');
    card.hidden = r === null;
    if (r === null) return;
    if (card.dataset.row !== String(r)) {
      card.dataset.row = String(r);
      card.replaceChildren(image(r, ''), tag('div', {}, label(r)));
    }
    const left = Math.min(x + 16, width - 260), topPx = Math.min(y + 16, height - 200);
    card.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, topPx)}px)`;
  }

  function togglePath(k: number): void {
    if (paths.has(k)) paths.delete(k);
    else paths.add(k);
    document.querySelectorAll<HTMLButtonElement>('#video-list button').forEach((btn, j) => btn.setAttribute('aria-pressed', String(paths.has(j))));
    render();
  }

  function locate(r: number): void {
    setView({ target: [map!.world[2 * r]!, map!.world[2 * r + 1]!], zoom: Math.max(view.zoom, Math.min(top, map!.maxLevel) - 0.5) });
  }

  async function select(r: number | null): Promise<void> {
    selected = r;
    render();
    const panel = el('selected');
    panel.hidden = r === null;
    if (r === null) return;
    panel.dataset.row = String(r);
    const k = videoOf(r);
    const trace = tag('button', { textContent: paths.has(k) ? 'Hide this video’s path' : 'Trace this video’s path', onclick: () => togglePath(k) });
    const close = tag('button', { className: 'x', textContent: '×', ariaLabel: 'Close', onclick: () => void select(null) });
    const list = tag('ul', { className: 'similar' });
    list.dataset.testid = 'viewer-similar';
    panel.replaceChildren(tag('div', { className: 'head' }, tag('h2', { textContent: 'Frame' }), close), image(r, label(r)), tag('p', {}, label(r)), trace);
    if (!atlas.index) return void panel.append(tag('p', { className: 'muted small', textContent: 'This atlas was published without its search index.' }));
    panel.append(tag('h2', { textContent: 'Similar frames' }), list);
    list.dataset.state = 'running';
    try {
      const rows = await (index ??= loadIndex(atlas));
      if (selected !== r) return;
      const dim = atlas.index.dim;
      const hits = cosineTopK(rows, dim, rowOf(rows, dim, r), SIMILAR, (i) => i === r);
      list.replaceChildren(...hits.map((h) => {
        const item = tag('li', {}, tag('button', { title: label(h.index), onclick: () => (locate(h.index), void select(h.index)) }, image(h.index, label(h.index)), tag('span', { className: 'score', textContent: h.score.toFixed(2) })));
        item.dataset.row = String(h.index);
        return item;
      }));
      list.dataset.state = 'done';
    } catch (e) {
      list.dataset.state = 'error';
      list.replaceChildren(tag('li', { className: 'err', textContent: `Search failed: ${(e as Error).message}` }));
    }
  }

  // The video list: colour, name, frames, duration; a click traces the video's path.
  el('video-list').replaceChildren(...atlas.videos.map((v, k) => tag('li', {}, tag('button', { onclick: () => togglePath(k), ariaPressed: 'false', title: 'Trace this video’s path' },
    swatch(v.color),
    tag('span', { className: 'name', textContent: v.name }),
    tag('span', { className: 'muted small', textContent: `${v.frames.toLocaleString('en')} frames${v.duration ? ` · ${formatDuration(v.duration)}` : ''}` })))));

  const setMode = (m: typeof mode) => {
    mode = m;
    el('mode-tiles').setAttribute('aria-pressed', String(m === 'tiles'));
    el('mode-points').setAttribute('aria-pressed', String(m === 'points'));
    mapEl.dataset.mode = m;
    render();
  };
  el('mode-tiles').onclick = () => setMode('tiles');
  el('mode-points').onclick = () => setMode('points');
  el('zoom-in').onclick = () => setView({ target: view.target, zoom: view.zoom + 1 });
  el('zoom-out').onclick = () => setView({ target: view.target, zoom: view.zoom - 1 });
  el('reset').onclick = () => setView(fit());
  window.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape') return void select(null);
    const a = keyAction(e.key, e.shiftKey, view, width, height);
    if (!a) return;
    e.preventDefault();
    setView(a === 'reset' ? fit() : a.view);
  });
  new ResizeObserver(() => {
    width = mapEl.clientWidth;
    height = mapEl.clientHeight;
    setView(view);
  }).observe(mapEl);

  document.title = atlas.title;
  el('title').textContent = atlas.title;
  el('summary').textContent = `${atlas.frames.toLocaleString('en')} frames · published ${new Date(atlas.createdAt).toLocaleDateString('en')}`;
  mapEl.dataset.topLevel = String(top);
  setView(view);
  setMode('tiles');
  mapEl.dataset.state = 'ready';
  say('');

  // For automated checks (e2e/publish.spec.ts): where a frame is drawn now, in page px; nothing here changes the view.
  (window as unknown as { __viewer: object }).__viewer = {
    screenOf(r: number): [number, number] | null {
      const c = cellOf(r);
      if (!c) return null;
      const [x, y] = worldToScreen(view, width, height, (c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2);
      const box = mapEl.getBoundingClientRect();
      return [box.left + x, box.top + y];
    },
    /** rows drawn in a cell of the current level inside the view */
    visibleRows(): number[] {
      const l = map!.levels.level(level());
      const [x0, y0] = [view.target[0] - width / 2 / 2 ** view.zoom, view.target[1] - height / 2 / 2 ** view.zoom];
      const [x1, y1] = [view.target[0] + width / 2 / 2 ** view.zoom, view.target[1] + height / 2 / 2 ** view.zoom];
      return [...l.cells].filter(([key]) => {
        const [cx, cy] = keyCell(key);
        return cx * l.w >= x0 && (cx + 1) * l.w <= x1 && cy * l.h >= y0 && (cy + 1) * l.h <= y1;
      }).map(([, r]) => r);
    },
  };
}

async function main(): Promise<void> {
  // Offline after the first visit (sw.js): only where the page may register one (https or localhost).
  if ('serviceWorker' in navigator && isSecureContext) navigator.serviceWorker.register('sw.js').catch((e: unknown) => console.warn('offline copy unavailable:', e));
  say('Loading the atlas…');
  try {
    start(await loadAtlas());
  } catch (e) {
    mapEl.dataset.state = 'error';
    say(`This atlas cannot be shown: ${(e as Error).message}.`);
  }
}

void main();
