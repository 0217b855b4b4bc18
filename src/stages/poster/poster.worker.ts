// Renders a planned poster from the stored frames: PNG one row of tiles at a
// time through the streaming encoder into a file (memory stays at one strip,
// whatever the size); JPEG and WebP are drawn whole and encoded by the canvas.
import { AbortedError, AppError } from '../../core/errors';
import type { VideoId } from '../../core/ids';
import { serve } from '../../rpc/workerRpc';
import { FrameReader } from '../../storage';
import { PngStreamEncoder } from './pngStream';
import type { PosterEvent, PosterFrame, PosterProtocol, RenderRequest } from './poster.protocol';

const readers = new Map<VideoId, Promise<FrameReader>>();
function reader(f: PosterFrame): Promise<FrameReader> {
  let r = readers.get(f.video);
  if (!r) {
    r = FrameReader.open(f.video, f.mime);
    readers.set(f.video, r);
  }
  return r;
}

/** Draws row `row` of tiles into ctx at y = dy; returns how many frames could not be read. */
async function drawRow(ctx: OffscreenCanvasRenderingContext2D, req: RenderRequest, row: number, dy: number, signal: AbortSignal): Promise<number> {
  let missing = 0;
  const { columns, tileWidth: w, tileHeight: h } = req;
  ctx.fillStyle = req.background;
  ctx.fillRect(0, dy, columns * w, h);
  // A few frames decode at once: enough to keep both cores busy, few enough to bound memory.
  const jobs = Array.from({ length: columns }, (_, c) => c);
  const draw = async (c: number) => {
    const f = req.cells[row * columns + c];
    if (!f) return;
    if (signal.aborted) throw new AbortedError();
    try {
      const bmp = await createImageBitmap((await reader(f)).blob(f.frame));
      const s = Math.max(w / bmp.width, h / bmp.height);
      const sw = w / s, sh = h / s;
      ctx.drawImage(bmp, (bmp.width - sw) / 2, (bmp.height - sh) / 2, sw, sh, c * w, dy, w, h);
      bmp.close();
    } catch {
      missing++;
    }
  };
  for (let i = 0; i < jobs.length; i += 8) await Promise.all(jobs.slice(i, i + 8).map(draw));
  return missing;
}

serve<PosterProtocol>('poster', {
  async render(req, emit, signal) {
    const t0 = performance.now();
    const width = req.columns * req.tileWidth, height = req.rows * req.tileHeight;
    const out = await req.file.createWritable();
    let bytes = 0, missing = 0;
    const progress = (rows: number) => emit({ type: 'progress', rows, totalRows: req.rows, bytes } satisfies PosterEvent);
    try {
      if (req.format === 'png') {
        const strip = new OffscreenCanvas(width, req.tileHeight);
        const ctx = strip.getContext('2d', { willReadFrequently: true })!;
        const png = new PngStreamEncoder(width, height, async (b) => {
          await out.write(b as Uint8Array<ArrayBuffer>);
          bytes += b.length;
        });
        await png.start();
        for (let r = 0; r < req.rows; r++) {
          missing += await drawRow(ctx, req, r, 0, signal);
          await png.addRows(ctx.getImageData(0, 0, width, req.tileHeight).data);
          progress(r + 1);
        }
        await png.finish();
      } else {
        const canvas = new OffscreenCanvas(width, height);
        const ctx = canvas.getContext('2d')!;
        for (let r = 0; r < req.rows; r++) {
          missing += await drawRow(ctx, req, r, r * req.tileHeight, signal);
          progress(r + 1);
        }
        const blob = await canvas.convertToBlob({ type: `image/${req.format}`, quality: req.quality });
        await out.write(blob);
        bytes = blob.size;
      }
      await out.close();
    } catch (e) {
      await out.abort().catch(() => undefined);
      if (e instanceof AbortedError) throw e;
      throw AppError.from(e, 'poster');
    }
    progress(req.rows);
    return { bytes, seconds: (performance.now() - t0) / 1000, missing };
  },
});
