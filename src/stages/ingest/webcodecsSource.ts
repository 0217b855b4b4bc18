// The WebCodecs path's demuxing side (worker only): mediabunny reads the File in
// slices (a small read cache, never the whole file), says what it holds, and
// gives the facts the rest of ingest needs in ffprobe's terms (VideoProbe).
import {
  BlobSource, EncodedPacketSink, Input, IsobmffInputFormat, MATROSKA, MatroskaInputFormat, MP4, MPEG_TS, MpegTsInputFormat, QTFF, WEBM,
  type InputTrack, type InputVideoTrack,
} from 'mediabunny';
import { FFMPEG_CODEC_NAME, isFastCodec, type DecoderSupport } from './decodePath';
import { normaliseRotation, type Orientation } from './frameGeometry';
import type { PacketInfo } from './firstLook';
import type { VideoProbe } from './probe';
import { firstShown, startOffset, type ContainerKind, type TrackStart } from './sourceTime';

export interface FastSource {
  input: Input;
  track: InputVideoTrack;
  kind: ContainerKind;
  /** mediabunny's codec name, null when unknown */
  codec: string | null;
}

const FORMAT_NAME: Record<ContainerKind, string> = { isobmff: 'mov,mp4,m4a,3gp,3g2,mj2', matroska: 'matroska,webm', mpegts: 'mpegts' };

/** Opens the file for the fast path; null when mediabunny does not read its container or it has no video track. */
export async function openFastSource(file: File): Promise<FastSource | null> {
  const input = new Input({ source: new BlobSource(file, { maxCacheSize: 16 * 2 ** 20 }), formats: [MP4, QTFF, MATROSKA, WEBM, MPEG_TS] });
  try {
    if (!(await input.canRead())) {
      input.dispose();
      return null;
    }
    const format = await input.getFormat();
    const kind: ContainerKind | null =
      format instanceof IsobmffInputFormat ? 'isobmff' : format instanceof MatroskaInputFormat ? 'matroska' : format instanceof MpegTsInputFormat ? 'mpegts' : null;
    // ffmpeg maps the first video stream (-map 0:v:0): so does this path.
    const [track] = await input.getVideoTracks();
    if (!kind || !track) {
      input.dispose();
      return null;
    }
    return { input, track, kind, codec: await track.getCodec() };
  } catch {
    // A file mediabunny chokes on is ffmpeg's to judge (and to name the damage).
    input.dispose();
    return null;
  }
}

/** The decoder config, and whether this browser decodes it with a hardware preference, only in software, or not. */
export async function decoderSupport(src: FastSource): Promise<{ config: VideoDecoderConfig | null; support: DecoderSupport }> {
  if (!isFastCodec(src.codec)) return { config: null, support: 'unsupported' };
  let config: VideoDecoderConfig | null;
  try {
    config = await src.track.getDecoderConfig();
  } catch {
    config = null; // codec data mediabunny cannot parse: ffmpeg.wasm's to judge
  }
  if (!config) return { config: null, support: 'unsupported' };
  const ask = async (hardwareAcceleration: HardwareAcceleration) => {
    try {
      return (await VideoDecoder.isConfigSupported({ ...config, hardwareAcceleration })).supported === true;
    } catch {
      return false;
    }
  };
  // Chromium answers "prefer-hardware" only where a hardware decoder takes this stream.
  if (await ask('prefer-hardware')) return { config, support: 'hardware' };
  return { config, support: (await ask('prefer-software')) ? 'software' : 'unsupported' };
}

export interface FastProbe {
  probe: VideoProbe;
  /** seconds subtracted from every timestamp (ffmpeg's start-time shift) */
  offset: number;
  orientation: Orientation;
}

const positive = (v: number | null | undefined): number | null => (v !== null && v !== undefined && Number.isFinite(v) && v > 0 ? v : null);

/** Enough packets to see past B-frame reordering and an edit list's pre-roll of a GOP or two. */
const START_PACKETS = 256;

async function trackStart(track: InputTrack): Promise<TrackStart | null> {
  const times: number[] = [];
  for await (const p of new EncodedPacketSink(track).packets(undefined, undefined, { metadataOnly: true })) {
    times.push(p.timestamp);
    if (times.length >= START_PACKETS) break;
  }
  return times.length ? { first: times[0]!, firstShown: firstShown(times) } : null;
}

/** The facts ffprobe would give, from the demuxer (header data and packet tables, no decoding). */
export async function probeFast(src: FastSource): Promise<FastProbe> {
  const { input, track, kind } = src;
  const starts = await Promise.all((await input.getTracks()).map(trackStart));
  const offset = startOffset(kind, starts.filter((s): s is TrackStart => s !== null));
  const end = (await track.getDurationFromMetadata()) ?? (await track.computeDuration());
  const duration = positive(end - offset);
  const rate = positive((await track.computePacketStats(120)).averagePacketRate);
  const fps = rate !== null && rate < 1000 ? Math.round(rate * 1000) / 1000 : null;
  // ISO-BMFF's sample table counts the packets without reading them (ffprobe's nb_frames); elsewhere that needs a scan.
  const headerPackets = kind === 'isobmff' ? positive((await track.computePacketStats()).packetCount) : null;
  const par = await track.getPixelAspectRatio();
  const rotation = normaliseRotation(await track.getRotation());
  const probe: VideoProbe = {
    duration,
    fps,
    width: await track.getCodedWidth(),
    height: await track.getCodedHeight(),
    sar: par.den > 0 && par.num > 0 ? par.num / par.den : 1,
    codec: isFastCodec(src.codec) ? FFMPEG_CODEC_NAME[src.codec] : (src.codec ?? 'unknown'),
    container: FORMAT_NAME[kind],
    sourceFrames: headerPackets ?? (duration !== null && fps !== null ? Math.round(duration * fps) : null),
    headerPackets,
    rotated: rotation === 90 || rotation === 270,
  };
  return { probe, offset, orientation: { rotation, flip: await track.getFlip() } };
}

/** The track's packet table in presentation timestamps with key flags (metadata only: no packet data is read). */
export async function packetTable(track: InputVideoTrack, keyOnly = false): Promise<PacketInfo[]> {
  const table: PacketInfo[] = [];
  for await (const p of new EncodedPacketSink(track).packets(undefined, undefined, { metadataOnly: true })) {
    if (!keyOnly || p.type === 'key') table.push({ timestamp: p.timestamp, key: p.type === 'key' });
  }
  return table;
}
