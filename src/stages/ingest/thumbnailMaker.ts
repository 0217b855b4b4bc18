// A decoded VideoFrame → its stored thumbnail (worker only): YUV planes copied out, area-scaled and converted
// (yuvThumbnail.ts; formats it does not read are drawn by the canvas), turned on an OffscreenCanvas, encoded
// with convertToBlob (WebP/JPEG). Shared by the dense pass and the first look, so both store the same pixels.
import { drawTransform, type Orientation } from './frameGeometry';
import { MIME, type ImageFormat } from './sampling';
import { isPlanarFormat, planeColour, thumbnailRgba } from './yuvThumbnail';

/** What a thumbnail is made to: its size, how the picture is turned, and how it is encoded. */
export interface ThumbnailSpec {
  width: number;
  height: number;
  orientation: Orientation;
  format: ImageFormat;
  quality: number;
}

/** What a decoding pass makes its thumbnails with: in place (ThumbnailMaker) or on a worker (thumbnailClient.ts). */
export interface FrameThumbnails {
  /** seconds spent drawing (plane copy, colour conversion and scaling) */
  readonly drawSeconds: number;
  /** Whether `make` still reads this frame (it closes it then); the caller closes any other frame itself. */
  holds(frame: VideoFrame): boolean;
  /** The frame's stored thumbnail. */
  make(frame: VideoFrame): Promise<Uint8Array>;
  /** Lets go of what it holds (a worker); no more makes after. */
  close?(): void;
}

export class ThumbnailMaker implements FrameThumbnails {
  /** seconds spent drawing (colour conversion and scaling, on this thread) */
  drawSeconds = 0;
  private readonly canvas: OffscreenCanvas;
  private readonly ctx: OffscreenCanvasRenderingContext2D;
  /** the unturned thumbnail from the YUV planes, drawn turned onto `canvas` (1:1, no resampling) */
  private readonly flatCtx: OffscreenCanvasRenderingContext2D;
  private readonly drawWidth: number;
  private readonly drawHeight: number;
  private readonly blobOptions: ImageEncodeOptions;
  /** frames whose planes are being copied: closed when the copy is done */
  private readonly held = new Set<VideoFrame>();
  /** plane buffers to copy the next frames into (a fresh one is 3 MB to zero-fill and collect per 1080p frame) */
  private readonly spare: Uint8Array[] = [];

  constructor({ width, height, orientation, format, quality }: ThumbnailSpec) {
    this.canvas = new OffscreenCanvas(width, height);
    // willReadFrequently keeps the canvas in CPU memory: drawing one frame then encoding it is a readback anyway, and
    // a GPU canvas on a machine without a GPU is SwiftShader (several times slower per draw).
    const ctx = this.canvas.getContext('2d', { alpha: false, willReadFrequently: true });
    if (!ctx) throw new Error('no 2-D canvas in this worker');
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    const { matrix, drawWidth, drawHeight } = drawTransform(orientation, width, height);
    ctx.setTransform(...matrix);
    this.ctx = ctx;
    this.drawWidth = drawWidth;
    this.drawHeight = drawHeight;
    this.flatCtx = new OffscreenCanvas(drawWidth, drawHeight).getContext('2d', { alpha: false, willReadFrequently: true })!;
    this.blobOptions = { type: MIME[format], quality: quality / 100 };
  }

  /** Whether `make` still reads this frame (it closes it then); the caller closes any other frame itself. */
  holds(frame: VideoFrame): boolean {
    return this.held.has(frame);
  }

  /** The frame's thumbnail; encoding runs on while the next frame is drawn. */
  async make(frame: VideoFrame): Promise<Uint8Array> {
    const t0 = performance.now();
    const format = frame.format;
    const colour = isPlanarFormat(format) ? planeColour(format, frame.colorSpace) : null;
    if (isPlanarFormat(format) && colour) {
      this.held.add(frame);
      const { width, height } = frame.visibleRect!;
      const size = frame.allocationSize();
      let data = this.spare.pop();
      if (data?.length !== size) data = new Uint8Array(size);
      let layout: PlaneLayout[];
      try {
        layout = await frame.copyTo(data);
      } finally {
        this.held.delete(frame);
        frame.close();
      }
      const rgba = thumbnailRgba(format, data, layout, width, height, this.drawWidth, this.drawHeight, colour);
      if (this.spare.length < 4) this.spare.push(data); // read: free for the next frame (makes in flight take their own)
      this.flatCtx.putImageData(new ImageData(rgba as ImageDataArray, this.drawWidth, this.drawHeight), 0, 0);
      this.ctx.drawImage(this.flatCtx.canvas, 0, 0);
    } else {
      // RGB formats, untagged 4:4:4, matrices not read here or GPU-only frames: the browser converts and scales them.
      this.ctx.drawImage(frame, 0, 0, this.drawWidth, this.drawHeight);
    }
    // convertToBlob copies the canvas now: the next frame may be drawn while this one encodes.
    const blob = this.canvas.convertToBlob(this.blobOptions);
    this.drawSeconds += (performance.now() - t0) / 1000;
    return new Uint8Array(await (await blob).arrayBuffer());
  }
}
