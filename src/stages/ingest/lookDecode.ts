// The first look's decoding side (worker only): each chosen frame decoded on its own, from the key packet before
// it up to its own packet (a key frame alone when it is one; pictures nothing refers to left out on the way),
// then flushed; only that frame is kept, made into a thumbnail exactly as the dense pass makes it, and stored
// with the same source time.
import { EncodedPacketSink } from 'mediabunny';
import type { DenseFrame } from './firstLook';
import { ChunkTimes, sourceTime } from './sourceTime';
import type { ThumbnailMaker } from './thumbnailMaker';
import { WebCodecsFailure, type FrameSinkLike } from './webcodecsDecode';
import type { FastSource } from './webcodecsSource';

/** Packets fed for one frame before giving it up (a broken index would otherwise read the whole file). */
const MAX_PACKETS_PER_FRAME = 1200;
const MAX_DECODE_QUEUE = 12;

export interface LookDecodeJob {
  src: FastSource;
  config: VideoDecoderConfig;
  offset: number;
  frames: readonly DenseFrame[];
  maker: ThumbnailMaker;
  sink: FrameSinkLike;
  signal: AbortSignal;
  /** whether a packet's picture is one nothing refers to (disposable.ts), null when that cannot be told */
  disposable?: ((data: Uint8Array) => boolean) | null;
  onFrame(): void;
}

/** Decodes the chosen frames into the sink in time order. */
export async function decodeLook(job: LookDecodeJob): Promise<void> {
  const { maker, offset } = job;
  const times = new ChunkTimes();
  let target: DenseFrame | null = null;
  let image: Promise<Uint8Array> | null = null;
  let failure: string | null = null;
  let wake: (() => void) | null = null;
  const decoder = new VideoDecoder({
    output: (frame) => {
      try {
        const t = sourceTime(times.take(frame.timestamp), offset);
        if (target && t === target.t && !image) image = maker.make(frame);
      } finally {
        if (!maker.holds(frame)) frame.close();
      }
    },
    error: (e) => {
      failure ??= `decoder error: ${e.message}`;
      wake?.();
    },
  });
  decoder.addEventListener('dequeue', () => wake?.());
  try {
    decoder.configure({ ...job.config, hardwareAcceleration: 'no-preference' });
    const packets = new EncodedPacketSink(job.src.track);
    for (const f of job.frames) {
      if (job.signal.aborted || failure) break;
      target = f;
      image = null;
      let p = await packets.getKeyPacket(f.timestamp, { verifyKeyPackets: true });
      for (let n = 0; p && n < MAX_PACKETS_PER_FRAME && !failure; n++) {
        const last = p.timestamp === f.timestamp;
        if (last || p.type === 'key' || !job.disposable?.(p.data)) {
          while (decoder.decodeQueueSize >= MAX_DECODE_QUEUE && !failure) await new Promise<void>((r) => (wake = r));
          const chunk = p.toEncodedVideoChunk();
          times.put(chunk.timestamp, p.timestamp);
          decoder.decode(chunk);
        }
        if (last) break;
        p = await packets.getNextPacket(p);
      }
      if (failure) break;
      // Flushing gives every picture still held for reordering; the next frame starts at a key packet again.
      await decoder.flush().catch((e: unknown) => (failure ??= `decoder error: ${e instanceof Error ? e.message : String(e)}`));
      const got = image as Promise<Uint8Array> | null;
      if (!got) continue; // its packet never decoded to a picture: the dense pass will have it
      job.sink.append(await got, f.t);
      job.onFrame();
    }
  } finally {
    if (decoder.state !== 'closed') decoder.close();
  }
  if (failure) throw new WebCodecsFailure(failure, target?.t ?? null);
  job.sink.flush();
}
