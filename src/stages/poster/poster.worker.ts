// Renders a poster one row of tiles at a time. PNG rows go through the
// streaming encoder into the file as they are drawn (memory stays at one
// strip, whatever the size); JPEG and WebP are drawn whole and encoded by the
// canvas at the end. Frames come from the store, or ready-made from the main
// thread when they were decoded from the original video.
import { drawCover } from '../../core/cover';
import { AppError } from '../../core/errors';
import { serve } from '../../rpc/workerRpc';
import { FrameReaderCache } from '../../storage';
import { PngStreamEncoder } from './pngStream';
import type { BeginRequest, PosterProtocol, RowRequest } from './poster.protocol';

interface Job {
  req: BeginRequest;
  out: FileSystemWritableFileStream;
  canvas: OffscreenCanvas;
  ctx: OffscreenCanvasRenderingContext2D;
  png: PngStreamEncoder | null;
  bytes: number;
  missing: number;
  t0: number;
}

let job: Job | null = null;
const readers = new FrameReaderCache();

async function drawRow(j: Job, { cells, images }: RowRequest, dy: number): Promise<void> {
  const { tileWidth: w, tileHeight: h } = j.req;
  j.ctx.fillStyle = j.req.background;
  j.ctx.fillRect(0, dy, j.canvas.width, h);
  const draw = async (c: number) => {
    const given = images[c];
    if (given) {
      drawCover(j.ctx, given, c * w, dy, w, h);
      given.close();
      return;
    }
    const f = cells[c];
    if (!f) return;
    try {
      const bmp = await createImageBitmap((await readers.get(f.video, f.mime)).blob(f.frame));
      drawCover(j.ctx, bmp, c * w, dy, w, h);
      bmp.close();
    } catch {
      j.missing++;
    }
  };
  // A few decodes at once: both cores busy, memory bounded.
  for (let c = 0; c < cells.length; c += 8) await Promise.all(cells.slice(c, c + 8).map((_, k) => draw(c + k)));
}

function fail(e: unknown): never {
  const j = job;
  job = null;
  void j?.out.abort().catch(() => undefined);
  throw AppError.from(e, 'poster');
}

serve<PosterProtocol>('poster', {
  async begin(req) {
    if (job) await job.out.abort().catch(() => undefined);
    const width = req.columns * req.tileWidth, height = req.rows * req.tileHeight;
    const out = await req.file.createWritable();
    const png = req.format === 'png';
    const canvas = new OffscreenCanvas(width, png ? req.tileHeight : height);
    const ctx = canvas.getContext('2d', { willReadFrequently: png })!;
    const j: Job = { req, out, canvas, ctx, png: null, bytes: 0, missing: 0, t0: performance.now() };
    if (png) {
      j.png = new PngStreamEncoder(width, height, async (b) => {
        await out.write(b as Uint8Array<ArrayBuffer>);
        j.bytes += b.length;
      });
      await j.png.start().catch(fail);
    }
    job = j;
  },

  async row(r) {
    const j = job;
    if (!j) throw new AppError('internal', 'poster', 'no poster started');
    try {
      if (j.png) {
        await drawRow(j, r, 0);
        await j.png.addRows(j.ctx.getImageData(0, 0, j.canvas.width, j.req.tileHeight).data);
      } else await drawRow(j, r, r.row * j.req.tileHeight);
    } catch (e) {
      fail(e);
    }
    return { bytes: j.bytes };
  },

  async end() {
    const j = job;
    if (!j) throw new AppError('internal', 'poster', 'no poster started');
    try {
      if (j.png) await j.png.finish();
      else {
        const blob = await j.canvas.convertToBlob({ type: `image/${j.req.format}`, quality: j.req.quality });
        await j.out.write(blob);
        j.bytes = blob.size;
      }
      await j.out.close();
    } catch (e) {
      fail(e);
    }
    job = null;
    return { bytes: j.bytes, seconds: (performance.now() - j.t0) / 1000, missing: j.missing };
  },
});
