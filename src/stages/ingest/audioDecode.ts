// A video's sound through WebCodecs (worker only): mediabunny demuxes the
// first audio track, the browser's AudioDecoder decodes it (packets queued ahead), and it streams,
// mixed to mono and resampled (audioResample.ts), into the video's sound file
// as μ-law. Sample 0 is the frames' time 0: the container's start shift is
// taken off as for the frames (probeFast's offset), a later start padded.
import { EncodedPacketSink } from 'mediabunny';
import { muLawEncode } from '../../core/muLaw';
import type { AudioWriter } from '../../storage/audioStore';
import { AUDIO_RATE, LoudestBlock, MonoResampler } from './audioResample';
import { openFastSource, probeFast } from './webcodecsSource';

/** What a decode found: none = no sound track; peakDb null = digital silence. */
export interface DecodedAudio {
  state: 'done' | 'none';
  codec: string | null;
  peakDb: number | null;
}

/** Packets queued in the decoder at most (about a second of sound). */
const QUEUE = 48;

/** Why the fast path left a file to ffmpeg.wasm. */
export class FastAudioUnavailable extends Error {}

export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export async function decodeAudioFast(file: File, writer: AudioWriter, onWritten: () => void): Promise<DecodedAudio> {
  const src = await openFastSource(file);
  if (!src) throw new FastAudioUnavailable('the container is not one the fast path reads');
  try {
    const track = await src.input.getPrimaryAudioTrack();
    if (!track) return { state: 'none', codec: null, peakDb: null };
    const codec = (await track.getCodec()) ?? 'unknown';
    if (!(await track.canDecode())) throw new FastAudioUnavailable(`this browser does not decode ${codec} audio`);
    const { offset } = await probeFast(src);

    const level = new LoudestBlock();
    const put = (x: Float32Array) => {
      if (!x.length) return;
      level.push(x);
      writer.write(muLawEncode(x));
      onWritten();
    };
    const config = await track.getDecoderConfig();
    if (!config) throw new FastAudioUnavailable(`mediabunny cannot read the ${codec} decoder setup`);
    let resampler: MonoResampler | null = null;
    let skip = 0;
    let failure: unknown = null;
    // Chromium's decoder gives a negative first timestamp (AAC's priming under an edit list) as 0: the first packet's says where the sound starts.
    let first: number | null = null;
    // Our own decoder with a queue of packets in flight: awaiting each packet's output in turn (as a sample sink
    // does) costs a round trip per 20 ms of sound, 100× slower than decoding.
    const decoder = new AudioDecoder({
      output: (data) => {
        try {
          if (failure) return;
          if (!resampler) {
            resampler = new MonoResampler(data.sampleRate);
            // the first sample's place on the frames' clock: silence before it, or its start cut (AAC's priming)
            const at = Math.round(((first ?? data.timestamp / 1e6) - offset) * AUDIO_RATE);
            if (at > 0) put(new Float32Array(at));
            else skip = -at;
          }
          const channels = Array.from({ length: data.numberOfChannels }, (_, c) => {
            const plane = new Float32Array(data.numberOfFrames);
            data.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
            return plane;
          });
          let out = resampler.push(channels);
          if (skip) {
            const cut = Math.min(skip, out.length);
            out = out.subarray(cut);
            skip -= cut;
          }
          put(out);
        } catch (e) {
          failure ??= e;
        } finally {
          data.close();
        }
      },
      error: (e) => (failure ??= e),
    });
    try {
      decoder.configure(config);
      for await (const packet of new EncodedPacketSink(track).packets()) {
        if (failure) break;
        first ??= packet.timestamp;
        decoder.decode(packet.toEncodedAudioChunk());
        if (decoder.decodeQueueSize > QUEUE) await new Promise((r) => decoder.addEventListener('dequeue', r, { once: true }));
      }
      if (!failure) await decoder.flush();
    } finally {
      if (decoder.state !== 'closed') decoder.close();
    }
    if (failure) throw failure;
    if (resampler) put((resampler as MonoResampler).flush().subarray(skip));
    return { state: 'done', codec, peakDb: finiteOrNull(level.db) };
  } catch (e) {
    if (e instanceof FastAudioUnavailable || (e instanceof DOMException && e.name === 'QuotaExceededError')) throw e;
    // a decoder or demuxer failure: ffmpeg.wasm reads the file again and names the damage
    throw new FastAudioUnavailable(`WebCodecs could not decode the sound: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    src.input.dispose();
  }
}
