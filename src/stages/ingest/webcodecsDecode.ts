// The WebCodecs path's decoding side (worker only): packets from mediabunny →
// VideoDecoder (a bounded queue: decodeQueueSize and the encodes in flight hold
// the reader back) → each frame counted by the same rule as ffmpeg's select →
// kept ones copied out as YUV planes, area-scaled and converted at thumbnail
// size (yuvThumbnail.ts; formats it does not read are drawn by the canvas),
// turned on an OffscreenCanvas → convertToBlob (WebP/JPEG, same quality) → the
// sink in presentation order. Every VideoFrame is closed once its planes are copied.
import { EncodedPacketSink, type EncodedPacket } from 'mediabunny';
import { FrameSampler } from './frameSampler';
import { isPlanarFormat, planeColour, thumbnailRgba } from './yuvThumbnail';
import { drawTransform, type Orientation } from './frameGeometry';
import { MIME, type ImageFormat, type Sampling } from './sampling';
import { ChunkTimes, sourceTime } from './sourceTime';
import type { FastSource } from './webcodecsSource';

/** Chunks queued in the decoder before the reader waits (enough to keep a hardware decoder busy). */
const MAX_DECODE_QUEUE = 12;
/** Thumbnails being encoded before the decoder's output is held back. */
const MAX_ENCODES = 4;

export interface FrameSinkLike {
  readonly count: number;
  readonly bytes: number;
  append(image: Uint8Array, time: number): void;
  flush(): void;
}

/** The decoder (or the demuxer) failed: the caller starts the file again with ffmpeg.wasm. */
export class WebCodecsFailure extends Error {
  constructor(message: string, readonly atTime: number | null) {
    super(message);
  }
}

export interface FastDecodeJob {
  src: FastSource;
  config: VideoDecoderConfig;
  offset: number;
  orientation: Orientation;
  sampling: Sampling;
  keyframesOnly: boolean;
  format: ImageFormat;
  quality: number;
  width: number;
  height: number;
  maxSeconds: number | null;
  sink: FrameSinkLike;
  onFrames(lastTime: number): void;
}

export interface FastDecodeStats {
  /** packets sent to the decoder */
  packets: number;
  /** frames the decoder gave back (edit-list pre-roll included) */
  decoded: number;
  /** frames an edit list cuts off (decoded as references, never shown) */
  cut: number;
  lastTime: number | null;
  /** seconds spent waiting for thumbnail encodes (the encoder was the bottleneck this long) */
  encodeWaitSeconds: number;
  /** seconds spent drawing kept frames (colour conversion and scaling, on this thread) */
  drawSeconds: number;
}

async function* keyPackets(sink: EncodedPacketSink): AsyncGenerator<EncodedPacket> {
  let p = await sink.getFirstPacket();
  if (p && p.type !== 'key') p = await sink.getNextKeyPacket(p);
  while (p) {
    yield p;
    p = await sink.getNextKeyPacket(p);
  }
}

export async function decodeWithWebCodecs(job: FastDecodeJob): Promise<FastDecodeStats> {
  const { sink, offset } = job;
  const canvas = new OffscreenCanvas(job.width, job.height);
  // willReadFrequently keeps the canvas in CPU memory: drawing one frame then encoding it is a readback anyway, and
  // a GPU canvas on a machine without a GPU is SwiftShader (several times slower per draw).
  const ctx = canvas.getContext('2d', { alpha: false, willReadFrequently: true });
  if (!ctx) throw new WebCodecsFailure('no 2-D canvas in this worker', null);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const { matrix, drawWidth, drawHeight } = drawTransform(job.orientation, job.width, job.height);
  ctx.setTransform(...matrix);
  // The unturned thumbnail from the YUV planes lands here, then is drawn turned onto `canvas` (1:1, no resampling).
  const flat = new OffscreenCanvas(drawWidth, drawHeight);
  const flatCtx = flat.getContext('2d', { alpha: false, willReadFrequently: true })!;
  const blobOptions = { type: MIME[job.format], quality: job.quality / 100 };

  const times = new ChunkTimes();
  const sampler = new FrameSampler(job.sampling, job.maxSeconds);
  const stats: FastDecodeStats = { packets: 0, decoded: 0, cut: 0, lastTime: null, encodeWaitSeconds: 0, drawSeconds: 0 };
  let failure: WebCodecsFailure | null = null;
  let storageError: unknown = null;
  let encoding = 0;
  let written: Promise<void> = Promise.resolve();
  let lastDecodedTime: number | null = null;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (message: string) => {
    failure ??= new WebCodecsFailure(message, lastDecodedTime);
    poke();
  };

  /** Frames whose planes are being copied: closed when the copy is done, not by the output callback. */
  const held = new Set<VideoFrame>();
  /** A kept frame → its thumbnail image (encoding starts now; the frame is released as soon as it is read). */
  const thumbnail = async (frame: VideoFrame): Promise<Blob> => {
    const t0 = performance.now();
    const format = frame.format;
    const colour = isPlanarFormat(format) ? planeColour(format, frame.colorSpace) : null;
    if (isPlanarFormat(format) && colour) {
      held.add(frame);
      const { width, height } = frame.visibleRect!;
      let data: Uint8Array, layout: PlaneLayout[];
      try {
        data = new Uint8Array(frame.allocationSize());
        layout = await frame.copyTo(data);
      } finally {
        held.delete(frame);
        frame.close();
      }
      const rgba = thumbnailRgba(format, data, layout, width, height, drawWidth, drawHeight, colour);
      flatCtx.putImageData(new ImageData(rgba as ImageDataArray, drawWidth, drawHeight), 0, 0);
      ctx.drawImage(flat, 0, 0);
    } else {
      // 10-bit, untagged 4:4:4 or GPU-only frames: the browser converts and scales them.
      ctx.drawImage(frame, 0, 0, drawWidth, drawHeight);
    }
    // convertToBlob copies the canvas now: the next frame may be drawn while this one encodes.
    const blob = canvas.convertToBlob(blobOptions);
    stats.drawSeconds += (performance.now() - t0) / 1000;
    return blob;
  };

  const decoder = new VideoDecoder({
    output: (frame) => {
      try {
        stats.decoded++;
        const t = sourceTime(times.take(frame.timestamp), offset);
        if (t === null) {
          stats.cut++;
          return;
        }
        lastDecodedTime = t;
        if (failure || storageError || !sampler.keep(t)) return;
        encoding++;
        const image = thumbnail(frame);
        written = written
          .then(async () => {
            const blob = await image.catch((e: unknown) => fail(`reading a decoded picture: ${e instanceof Error ? e.message : String(e)}`));
            if (!blob) return;
            const bytes = new Uint8Array(await blob.arrayBuffer());
            if (storageError) return;
            sink.append(bytes, t);
            stats.lastTime = t;
            job.onFrames(t);
          })
          .catch((e: unknown) => {
            storageError ??= e;
          })
          .finally(() => {
            encoding--;
            poke();
          });
      } finally {
        if (!held.has(frame)) frame.close();
      }
    },
    error: (e) => fail(`decoder error: ${e.message}`),
  });
  decoder.addEventListener('dequeue', poke);

  try {
    try {
      decoder.configure({ ...job.config, hardwareAcceleration: 'no-preference' });
    } catch (e) {
      throw new WebCodecsFailure(`configuring the decoder: ${e instanceof Error ? e.message : String(e)}`, null);
    }
    const packets = new EncodedPacketSink(job.src.track);
    const source = job.keyframesOnly ? keyPackets(packets) : packets.packets();
    // Past the clip's end plus the decoder's reordering delay, no frame can be kept.
    const stopAt = job.maxSeconds === null ? Infinity : job.maxSeconds + offset + 2;
    try {
      for await (const packet of source) {
        if (failure || storageError || packet.timestamp > stopAt) break;
        while (!failure && !storageError && (decoder.decodeQueueSize >= MAX_DECODE_QUEUE || encoding >= MAX_ENCODES)) {
          const t0 = encoding >= MAX_ENCODES ? performance.now() : null;
          await new Promise<void>((r) => (wake = r));
          if (t0 !== null) stats.encodeWaitSeconds += (performance.now() - t0) / 1000;
        }
        if (failure || storageError) break;
        const chunk = packet.toEncodedVideoChunk();
        times.put(chunk.timestamp, packet.timestamp);
        decoder.decode(chunk);
        stats.packets++;
      }
    } catch (e) {
      // The demuxer could not read on (a cut or damaged file): ffmpeg.wasm judges it.
      fail(`reading the file: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!failure && !storageError) await decoder.flush().catch((e: unknown) => fail(`decoder error: ${e instanceof Error ? e.message : String(e)}`));
    await written;
  } finally {
    if (decoder.state !== 'closed') decoder.close();
  }
  if (storageError) throw storageError;
  if (failure) throw failure as WebCodecsFailure;
  sink.flush();
  return stats;
}
