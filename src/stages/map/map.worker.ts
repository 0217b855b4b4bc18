// Draws map tiles from the OPFS frame store off the main thread: frames are
// decoded at about the size they are shown (a few fixed heights, so one decode
// serves many tiles), kept in a memory-bounded cache, and a cancelled tile
// stops between frames.
import { drawCover } from '../../core/cover';
import { AbortedError } from '../../core/errors';
import type { VideoId } from '../../core/ids';
import { serve, Transfer } from '../../rpc/workerRpc';
import { FrameReaderCache, keepOnlyTiles, readTile, writeTile, type FrameReader } from '../../storage';
import { BitmapCache, decodeHeight } from './bitmapCache';
import type { TileDraw, TilesProtocol } from './map.protocol';

const mimes = new Map<VideoId, string>();
const readers = new FrameReaderCache();
const cache = new BitmapCache(192 * 2 ** 20);
let cacheKey = '';

const reader = (video: VideoId): Promise<FrameReader> => readers.get(video, mimes.get(video) ?? 'image/webp');

/**
 * Frame decoded at one of the fixed heights (at least `height` px high when the
 * frame allows), pinned in the cache: the caller unpins `key` once it has drawn.
 */
async function frameBitmap(video: VideoId, frame: number, height: number): Promise<{ key: string; bmp: ImageBitmap }> {
  const h = decodeHeight(height);
  const key = `${video}:${frame}:${h}`;
  const hit = cache.get(key);
  if (hit) {
    cache.pin(key);
    return { key, bmp: hit };
  }
  const r = await reader(video);
  const bmp = await createImageBitmap(r.blob(frame), h ? { resizeHeight: h, resizeQuality: 'medium' } : {});
  const again = cache.get(key); // decoded twice at once: keep the first
  if (again) bmp.close();
  else cache.put(key, bmp);
  cache.pin(key);
  return { key, bmp: again ?? bmp };
}

const blanks = new Map<string, ImageBitmap>();
/** An empty tile (the layout's margins): drawn once per size, copied after. */
function blankTile(size: number, background: string): ImageBitmap {
  const key = `${size}:${background}`;
  let b = blanks.get(key);
  if (!b) {
    const c = new OffscreenCanvas(size, size);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, size, size);
    b = c.transferToImageBitmap();
    blanks.set(key, b);
  }
  return b;
}

/** One tile's cells drawn from the stored frames; `complete` is false where a frame could not be read (left dark). */
async function drawTile(size: number, background: string, draws: TileDraw[], signal: AbortSignal): Promise<{ canvas: OffscreenCanvas; complete: boolean }> {
  if (signal.aborted) throw new AbortedError();
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, size, size);
  const bitmaps = await Promise.all(
    draws.map(async (d) => {
      if (signal.aborted) return null;
      try {
        return await frameBitmap(d.video, d.frame, d.h);
      } catch {
        return null; // a missing frame leaves its cell dark; the rest of the tile still draws
      }
    }),
  );
  try {
    if (signal.aborted) throw new AbortedError();
    draws.forEach((d, i) => {
      const got = bitmaps[i];
      if (got) drawCover(ctx, got.bmp, d.x, d.y, d.w, d.h);
      else {
        ctx.fillStyle = '#2b313b';
        ctx.fillRect(d.x, d.y, d.w, d.h);
      }
    });
  } finally {
    for (const b of bitmaps) if (b) cache.unpin(b.key);
  }
  return { canvas, complete: bitmaps.every(Boolean) };
}

/** A frame drawn to fill width × height (cropped to cover); a width of null keeps the frame's own aspect. */
async function drawFrame(video: VideoId, frame: number, width: number | null, height: number): Promise<OffscreenCanvas> {
  const { key, bmp } = await frameBitmap(video, frame, height);
  width ??= Math.max(1, Math.round((bmp.width / bmp.height) * height));
  const canvas = new OffscreenCanvas(width, height);
  try {
    drawCover(canvas.getContext('2d')!, bmp, 0, 0, width, height);
  } finally {
    cache.unpin(key);
  }
  return canvas;
}

serve<TilesProtocol>('map', {
  async sources({ videos, cacheKey: key }) {
    if (key !== cacheKey) {
      cacheKey = key;
      await keepOnlyTiles(key);
    }
    const changed = videos.some((v) => mimes.get(v.id) !== v.mime) || videos.length !== mimes.size;
    if (!changed) return;
    mimes.clear();
    readers.clear();
    cache.clear();
    for (const v of videos) mimes.set(v.id, v.mime);
  },

  async tile({ z, x, y, size, background, draws }, _emit, signal) {
    if (!draws.length) return new Transfer(blankTile(size, background), []);
    const key = cacheKey;
    const stored = key ? await readTile(key, z, x, y) : null;
    if (stored) {
      const bmp = await createImageBitmap(stored).catch(() => null);
      if (bmp) return new Transfer(bmp, [bmp]);
    }
    const { canvas, complete } = await drawTile(size, background, draws, signal);
    const out = await createImageBitmap(canvas);
    // Stored after the reply: the next visit reads one image instead of decoding every frame.
    if (key && complete) {
      void canvas.convertToBlob({ type: 'image/webp', quality: 0.85 }).then((blob) => writeTile(key, z, x, y, blob));
    }
    return new Transfer(out, [out]);
  },

  async tileImage({ size, background, draws, type, quality }, _emit, signal) {
    const { canvas } = await drawTile(size, background, draws, signal);
    return canvas.convertToBlob({ type, quality });
  },

  dots({ size, background, points, colours, runs, radius }) {
    const canvas = new OffscreenCanvas(size, size);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, size, size);
    let i = 0;
    runs.forEach((n, k) => {
      ctx.fillStyle = colours[k]!;
      ctx.beginPath();
      for (const end = i + n; i < end; i++) {
        ctx.moveTo(points[2 * i]! + radius, points[2 * i + 1]!);
        ctx.arc(points[2 * i]!, points[2 * i + 1]!, radius, 0, 2 * Math.PI);
      }
      ctx.fill();
    });
    const out = canvas.transferToImageBitmap();
    return new Transfer(out, [out]);
  },

  async frame({ video, frame, width, height }) {
    const out = (await drawFrame(video, frame, width, height)).transferToImageBitmap();
    return new Transfer(out, [out]);
  },

  async frameImage({ video, frame, height, type, quality }) {
    return (await drawFrame(video, frame, null, height)).convertToBlob({ type, quality });
  },
});
