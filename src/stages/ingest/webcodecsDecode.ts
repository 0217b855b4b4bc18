// The WebCodecs path's decoding side (worker only): packets from mediabunny, less those the packet table shows
// no kept picture needs (decodeNeeds.ts) and the pictures nothing refers to that are not kept (disposable.ts) →
// VideoDecoder (a bounded queue: decodeQueueSize and the encodes in flight hold the reader back) → each frame
// counted by the same rule as ffmpeg's select (or looked up in the table's kept times) → kept ones made into
// thumbnails on their own worker (thumbnailClient.ts) → the sink in presentation order. Every VideoFrame is closed once its planes are copied.
import { EncodedPacketSink, type EncodedPacket } from 'mediabunny';
import { FrameSampler } from './frameSampler';
import type { Orientation } from './frameGeometry';
import type { ImageFormat, Sampling } from './sampling';
import type { FrameThumbnails } from './thumbnailMaker';
import { frameThumbnails } from './thumbnailClient';
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
  /** the source times to keep, from the packet table (firstLook.ts denseFrames); null: the sampler decides frame by frame */
  keepTimes?: ReadonlySet<number> | null;
  /** going on after the frames a cut-off pass stored: from the key packet at or before this timestamp */
  from?: number | null;
  /** whether a packet's picture is one nothing refers to (disposable.ts): such packets not in keepTimes are not decoded */
  disposable?: ((data: Uint8Array) => boolean) | null;
  /** timestamps of the packets no kept picture needs (decodeNeeds.ts): read, not decoded */
  unneeded?: ReadonlySet<number> | null;
  sink: FrameSinkLike;
  onFrames(lastTime: number): void;
}

export interface FastDecodeStats {
  /** packets sent to the decoder */
  packets: number;
  /** packets read but left out: pictures nothing refers to or no kept picture needs, not kept */
  skipped: number;
  /** frames the decoder gave back (edit-list pre-roll included) */
  decoded: number;
  /** frames an edit list cuts off (decoded as references, never shown) */
  cut: number;
  lastTime: number | null;
  /** seconds spent waiting for thumbnail encodes (the encoder was the bottleneck this long) */
  encodeWaitSeconds: number;
  /** seconds spent drawing kept frames (plane copy, colour conversion and scaling, on the thumbnail worker) */
  drawSeconds: number;
}

/** Every packet in decode order from the key packet at or before `timestamp` (from the first when none is). */
async function* packetsFrom(sink: EncodedPacketSink, timestamp: number): AsyncGenerator<EncodedPacket> {
  const start = (await sink.getKeyPacket(timestamp, { verifyKeyPackets: true })) ?? (await sink.getFirstPacket());
  if (start) yield* sink.packets(start);
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
  let maker: FrameThumbnails;
  try {
    maker = frameThumbnails({ width: job.width, height: job.height, orientation: job.orientation, format: job.format, quality: job.quality });
  } catch (e) {
    throw new WebCodecsFailure(e instanceof Error ? e.message : String(e), null);
  }

  const times = new ChunkTimes();
  const keepTimes = job.keepTimes ?? null;
  const skip = keepTimes && job.disposable && !job.keyframesOnly ? { keep: keepTimes, disposable: job.disposable } : null;
  const unneeded = keepTimes && !job.keyframesOnly ? (job.unneeded ?? null) : null;
  const sampler = new FrameSampler(job.sampling, job.maxSeconds);
  const stats: FastDecodeStats = { packets: 0, skipped: 0, decoded: 0, cut: 0, lastTime: null, encodeWaitSeconds: 0, drawSeconds: 0 };
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
        const keep = keepTimes ? keepTimes.has(t) : sampler.keep(t);
        if (failure || storageError || !keep) return;
        encoding++;
        const image = maker.make(frame);
        image.catch(() => undefined); // handled in turn below; marked now so an early failure is not "unhandled"
        written = written
          .then(async () => {
            const bytes = await image.catch((e: unknown) => fail(`reading a decoded picture: ${e instanceof Error ? e.message : String(e)}`));
            if (!bytes || storageError) return;
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
        if (!maker.holds(frame)) frame.close();
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
    const source = job.keyframesOnly ? keyPackets(packets) : job.from != null ? packetsFrom(packets, job.from) : packets.packets();
    // Past the clip's end plus the decoder's reordering delay, no frame can be kept.
    const stopAt = job.maxSeconds === null ? Infinity : job.maxSeconds + offset + 2;
    try {
      for await (const packet of source) {
        if (failure || storageError || packet.timestamp > stopAt) break;
        const leftOut = unneeded?.has(packet.timestamp)
          || (skip && packet.type !== 'key' && !skip.keep.has(sourceTime(packet.timestamp, offset) ?? -1) && skip.disposable(packet.data));
        if (leftOut) {
          stats.skipped++;
          continue;
        }
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
    maker.close?.();
  }
  stats.drawSeconds = maker.drawSeconds;
  if (storageError) throw storageError;
  if (failure) throw failure as WebCodecsFailure;
  sink.flush();
  return stats;
}
