// A video's sound through WebCodecs (worker only): mediabunny demuxes the
// first audio track, the browser's AudioDecoder decodes it, and it streams,
// mixed to mono and resampled (audioResample.ts), into the video's sound file
// as μ-law. Sample 0 is the frames' time 0: the container's start shift is
// taken off as for the frames (probeFast's offset), a later start padded.
import { AudioSampleSink } from 'mediabunny';
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

/** Why the fast path left a file to ffmpeg.wasm. */
export class FastAudioUnavailable extends Error {}

export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export async function decodeAudioFast(file: File, writer: AudioWriter): Promise<DecodedAudio> {
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
    };
    let resampler: MonoResampler | null = null;
    let skip = 0;
    for await (const sample of new AudioSampleSink(track).samples()) {
      try {
        if (!resampler) {
          resampler = new MonoResampler(sample.sampleRate);
          // the first sample's place on the frames' clock: silence before it, or its start cut (AAC's priming)
          const at = Math.round((sample.timestamp - offset) * AUDIO_RATE);
          if (at > 0) put(new Float32Array(at));
          else skip = -at;
        }
        const channels = Array.from({ length: sample.numberOfChannels }, (_, c) => {
          const plane = new Float32Array(sample.numberOfFrames);
          sample.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
          return plane;
        });
        let out = resampler.push(channels);
        if (skip) {
          const cut = Math.min(skip, out.length);
          out = out.subarray(cut);
          skip -= cut;
        }
        put(out);
      } finally {
        sample.close();
      }
    }
    if (resampler) put(resampler.flush().subarray(skip));
    return { state: 'done', codec, peakDb: finiteOrNull(level.db) };
  } catch (e) {
    if (e instanceof FastAudioUnavailable || (e instanceof DOMException && e.name === 'QuotaExceededError')) throw e;
    // a decoder or demuxer failure: ffmpeg.wasm reads the file again and names the damage
    throw new FastAudioUnavailable(`WebCodecs could not decode the sound: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    src.input.dispose();
  }
}
