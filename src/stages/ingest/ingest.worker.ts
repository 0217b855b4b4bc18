// Ingest worker: keeps every Nth frame of a video scaled to 300 px high, encoded
// as WebP/JPEG, by one of two decoders chosen per file (decodePath.ts):
// - WebCodecs (webcodecsSource/webcodecsDecode): mediabunny demuxes, the browser's
//   VideoDecoder decodes (hardware where present), an OffscreenCanvas scales and encodes;
// - ffmpeg.wasm: ffprobe, then ffmpeg once; it writes the images to a character
//   device whose callback appends each one to the video's OPFS frame pack.
// Either way images stream into the pack as they arrive: memory stays flat however long
// the video. A WebCodecs failure mid-file starts the file again with ffmpeg.wasm, the pack
// emptied first. A search query clip goes the same way into memory instead, back to the caller.
import { AppError, isQuotaError } from '../../core/errors';
import { serve, Transfer } from '../../rpc/workerRpc';
import { FramePackWriter } from '../../storage/framePackWriter';
import { stoppedEarly } from './completeness';
import { chooseDecodePath, pathReason, type PathChoice } from './decodePath';
import { thumbnailSize } from './frameGeometry';
import { decodeWithWebCodecs, WebCodecsFailure, type FastDecodeJob } from './webcodecsDecode';
import { unneededPackets } from './decodeNeeds';
import { disposableTest, reorders } from './disposable';
import { decoderSupport, openFastSource, packetTable, probeFast, type FastSource } from './webcodecsSource';
import { damageLines, decodeStats, fatalError, showinfoTime, tidyLogLine, type DecodeStats } from './ffmpegLog';
import { FRAME_DEVICE, INPUT_DIR, PROBE_OUT, probeArgs, sampleArgs, type FrameSeek } from './ffmpegArgs';
import { disposeCore, loadCore, type FFmpegCore, type LoadedCore } from './ffmpegCore';
import { CoreRecycler, type CoreLease } from './coreRecycler';
import { ImageStreamSplitter } from './imageStream';
import type { AudioJob, AudioResult, ClipFrames, ClipJob, IngestEvent, IngestJob, IngestProtocol, IngestResult, LookEvent, LookJob, LookVideo } from './ingest.protocol';
import { lookId } from '../../core/ids';
import { chooseLook, denseFrames, LOOK_MIN_SECONDS, resumePlan, splitBudget, type ResumePlan } from './firstLook';
import { decodeLook } from './lookDecode';
import { firstFrameArgs, PACKETS_OUT, packetArgs, parsePackets, planLook, planResume, seekArgs, shownFrames, type ProbedPacket } from './ffmpegLook';
import { ThumbnailMaker } from './thumbnailMaker';
import { AudioWriter } from '../../storage/audioStore';
import { muLawDecode } from '../../core/muLaw';
import { decodeAudioFast, FastAudioUnavailable, finiteOrNull, type DecodedAudio } from './audioDecode';
import { AUDIO_RATE, LoudestBlock } from './audioResample';
import { parseProbe, type VideoProbe } from './probe';
import { effectiveSampling, expectedKept, nominalTime, type Sampling, type SamplingParams } from './sampling';

const EIO = 29;
const MAX_LOG_LINES = 4000;

/** Where sampled images go: a video's OPFS frame pack, or memory for a query clip. */
interface FrameSink {
  readonly count: number;
  readonly bytes: number;
  append(image: Uint8Array, time: number): void;
  flush(): void;
  /** what a pack holds from a cut-off pass (a memory sink holds nothing) */
  storedTimes?(): Float64Array;
  clear?(): void;
}

/** Opens the run's sink; a second open (ffmpeg.wasm after WebCodecs failed) starts it empty. */
type OpenSink = () => Promise<FrameSink & { close?(): void }>;

class MemorySink implements FrameSink {
  readonly images: ArrayBuffer[] = [];
  readonly times: number[] = [];
  bytes = 0;

  get count(): number {
    return this.images.length;
  }

  append(image: Uint8Array, time: number): void {
    this.images.push(image.slice().buffer);
    this.times.push(time);
    this.bytes += image.length;
  }

  flush(): void {}
}

/** Where the device callback sends bytes during one sampling run. */
let sink: ((bytes: Uint8Array) => void) | null = null;
let log: string[] = [];
/** Parses a log line during a run; true when the line was consumed. */
let onLogLine: ((line: string) => boolean) | null = null;

/**
 * What one core runs before it is replaced (coreRecycler.ts: ffmpeg's state goes bad after some tens of runs in one
 * instance; a fresh core costs ~2 s on two cores). Measured here: one core trapped on the 14th video of a drop (14
 * probes, 13 full passes) while another ran a first look's 132 probes and one-frame seeks unharmed. A full decoding
 * pass counts as DECODE_COST short runs, so a core serves 5 videos' passes (a probe and a pass each) or 32 first-look
 * frames: a third of what trapped.
 */
const CORE_BUDGET = 32;
const DECODE_COST = 6;
const cores = new CoreRecycler<LoadedCore>(setUpCore, disposeCore, CORE_BUDGET);
type Lease = CoreLease<LoadedCore>;

/** A run that trapped: the core was retired, and a fresh one may well succeed where it failed. */
class FfmpegCrash extends AppError {
  constructor(message: string) {
    super('decode-failed', 'ingest', message);
  }
}

/** One ffmpeg or ffprobe run on a leased core: counted, and a trap retires the core. */
function runOn(lease: Lease, what: string, run: (core: FFmpegCore) => void, cost = 1): void {
  lease.ran(cost);
  try {
    run(lease.core.core);
  } catch (e) {
    lease.crashed();
    throw new FfmpegCrash(`ffmpeg crashed ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Runs `attempt`, and once more when a run of it trapped: the core gone bad after earlier runs traps where a fresh
 * one does not. A file that crashes ffmpeg itself fails again, and is reported. `reset` undoes what the first try wrote.
 */
async function againOnFreshCore<T>(what: string, attempt: () => Promise<T>, reset?: () => Promise<void>): Promise<T> {
  try {
    return await attempt();
  } catch (e) {
    if (!(e instanceof FfmpegCrash)) throw e;
    console.warn(`ingest: ${e.message}; ${what} again on a fresh ffmpeg.wasm core`);
    await reset?.();
    return attempt();
  }
}

/** A fresh core with the logger and the frame device this worker's runs write to. */
function setUpCore(): Promise<LoadedCore> {
  const started = performance.now();
  return loadCore().then((lc) => {
    console.info(`ingest: ffmpeg.wasm core ${cores.loads} loaded in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const { FS } = lc.core;
    lc.core.setLogger(({ message }) => {
      // A line the run's own parser takes (a kept frame's time) is not kept: an hour of video
      // would fill the log with them and push out the damage lines and closing counts.
      if (onLogLine?.(message)) return;
      if (log.length < MAX_LOG_LINES) log.push(message);
    });
    FS.mkdir(INPUT_DIR);
    const dev = FS.makedev(64, 0);
    FS.registerDevice(dev, {
      open() {},
      close() {},
      read: () => 0,
      write(_stream, buffer, offset, length) {
        if (!sink) return length;
        try {
          sink(buffer.subarray(offset, offset + length));
        } catch {
          // ffmpeg sees an I/O error and stops cleanly; the cause is kept by the sink.
          throw new FS.ErrnoError(EIO);
        }
        return length;
      },
    });
    FS.mkdev(FRAME_DEVICE, dev);
    return lc;
  });
}

function inputName(file: File): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(file.name)?.[1] ?? 'bin';
  return `input.${ext.toLowerCase()}`;
}

/** Mounts the file where ffmpeg.wasm reads it (without copying it) while `run` runs. */
async function withInput<T>(lease: Lease, file: File, run: (path: string) => T | Promise<T>): Promise<T> {
  const { FS } = lease.core.core;
  const name = inputName(file);
  FS.mount(FS.filesystems.WORKERFS, { blobs: [{ name, data: file }] }, INPUT_DIR);
  try {
    return await run(`${INPUT_DIR}/${name}`);
  } finally {
    FS.unmount(INPUT_DIR);
  }
}

/** Runs `run` on a core (coreRecycler.ts) with the file mounted where ffmpeg.wasm reads it. */
function onCore<T>(file: File, run: (lease: Lease, path: string) => T | Promise<T>): Promise<T> {
  return cores.use((lease) => withInput(lease, file, (path) => run(lease, path)));
}

function probe(lease: Lease, path: string, fileName: string): VideoProbe {
  const { core } = lease.core;
  log = [];
  runOn(lease, `reading ${fileName}`, (c) => c.ffprobe(...probeArgs(path)));
  // This core leaves `ret` unset for ffprobe: success is a written report.
  core.reset();
  if (!core.FS.analyzePath(PROBE_OUT).exists) {
    const last = log.filter((l) => l.trim()).pop();
    throw fatalError(log, fileName) ?? new AppError('not-video', 'ingest', `${fileName} is not a video ffmpeg can read${last ? ` (${tidyLogLine(last)})` : ''}`);
  }
  const json = core.FS.readFile(PROBE_OUT, { encoding: 'utf8' });
  core.FS.unlink(PROBE_OUT);
  return parseProbe(json, fileName);
}

/** Probes and samples a file into a sink, by WebCodecs where it serves the file, else (or after it failed) ffmpeg.wasm. */
async function decode(file: File, params: SamplingParams, openSink: OpenSink, emit: (e: IngestEvent) => void, maxSeconds?: number): Promise<{ result: IngestResult; probe: VideoProbe }> {
  if (file.size === 0) throw new AppError('empty-file', 'ingest', `${file.name} is empty (0 bytes)`);
  const setting = params.decoder ?? 'auto';
  const webcodecs = typeof VideoDecoder !== 'undefined';
  let choice: PathChoice = chooseDecodePath({ setting, webcodecs, container: null, codec: null, support: null });
  let failure: string | undefined;
  if (choice.path === 'ffmpeg' && choice.cause === 'container') {
    const src = await openFastSource(file);
    if (src) {
      try {
        const { config, support } = await decoderSupport(src);
        choice = chooseDecodePath({ setting, webcodecs, container: src.kind, codec: src.codec, support });
        if (choice.path === 'webcodecs' && config) {
          const reason = pathReason(choice);
          emit({ type: 'path', path: 'webcodecs', reason });
          try {
            return await decodeFast(src, config, file, params, openSink, emit, reason, maxSeconds);
          } catch (e) {
            if (!(e instanceof WebCodecsFailure)) throw e;
            failure = `${e.atTime !== null ? `at ${e.atTime.toFixed(2)} s: ` : ''}${e.message}`;
            console.warn(`ingest: WebCodecs failed on ${file.name} ${failure}; decoding it again with ffmpeg.wasm`);
            choice = { path: 'ffmpeg', cause: 'failed', forced: choice.forced };
          }
        }
      } finally {
        src.input.dispose();
      }
    }
  }
  // The second pass opens its sink again, which empties the pack.
  return againOnFreshCore(`decoding ${file.name}`, () => decodeFfmpeg(file, params, openSink, emit, maxSeconds, choice, failure));
}

async function decodeFast(
  src: FastSource, config: VideoDecoderConfig, file: File, params: SamplingParams, openSink: OpenSink,
  emit: (e: IngestEvent) => void, reason: string, maxSeconds?: number,
): Promise<{ result: IngestResult; probe: VideoProbe }> {
  let info: VideoProbe, offset: number, orientation;
  try {
    ({ probe: info, offset, orientation } = await probeFast(src));
  } catch (e) {
    throw new WebCodecsFailure(`reading the header: ${e instanceof Error ? e.message : String(e)}`, null);
  }
  const { width, height } = thumbnailSize(info.width, info.height, info.sar, orientation.rotation, params.height);
  const duration = maxSeconds && info.duration !== null ? Math.min(info.duration, maxSeconds) : info.duration;
  const sampling = effectiveSampling(params, info.fps);
  const expectedFrames = expectedKept(maxSeconds || params.keyframesOnly ? null : info.sourceFrames, duration, sampling);
  emit({ type: 'probed', probe: info, expectedFrames, thumbWidth: width, thumbHeight: height });
  const writer = await openSink().catch((e: unknown) => {
    throw AppError.from(e, 'storage', isQuotaError(e) ? 'quota' : 'storage');
  });
  const started = performance.now();
  let lastEmit = 0;
  try {
    const { resume, keepTimes, disposable, unneeded } = await fastPlan(src, config, writer, offset, sampling, params, maxSeconds, emit).catch((e: unknown) => {
      throw new WebCodecsFailure(`reading the packet table: ${e instanceof Error ? e.message : String(e)}`, null);
    });
    const stats = await decodeWithWebCodecs({
      src, config, offset, orientation, sampling, keyframesOnly: params.keyframesOnly === true, format: params.format, quality: params.quality,
      width, height, maxSeconds: maxSeconds ?? null, sink: writer,
      keepTimes, from: resume ? (resume.next?.timestamp ?? Infinity) : null, disposable, unneeded,
      onFrames: (lastTime) => {
        const now = performance.now();
        if (now - lastEmit > 200) {
          lastEmit = now;
          emit({ type: 'frames', frames: writer.count, bytes: writer.bytes, lastTime });
        }
      },
    }).catch((e: unknown) => {
      if (e instanceof WebCodecsFailure) throw e;
      throw isQuotaError(e)
        ? new AppError('quota', 'storage', `storage is full: kept ${writer.count} frames of ${file.name}`)
        : AppError.from(e, 'storage', 'storage');
    });
    // A decoder that hid damage by dropping pictures, or a demuxer that stopped short of the end, gets the
    // same verdict as ffmpeg.wasm would give: by running it.
    // (H.264/HEVC give one picture per packet; VP8's hidden alt-ref frames give none, so it is not asked there.)
    if ((info.codec === 'h264' || info.codec === 'hevc') && stats.decoded < stats.packets) {
      throw new WebCodecsFailure(`the decoder returned ${stats.decoded} pictures for ${stats.packets} packets`, stats.lastTime);
    }
    if (writer.count === 0) throw new WebCodecsFailure('no frame decoded', null);
    // A resumed pass read only the packets after the stored frames: judged by how far its frames reach.
    const short = stoppedEarly({
      sampling, headerPackets: maxSeconds || params.keyframesOnly || resume ? null : (info.headerPackets ?? null), duration,
      fps: info.fps, stats: { packets: stats.packets + stats.skipped, frames: stats.decoded }, lastTime: stats.lastTime,
    });
    if (short) throw new WebCodecsFailure(short, stats.lastTime);
    emit({ type: 'frames', frames: writer.count, bytes: writer.bytes, lastTime: stats.lastTime ?? 0 });
    const decodeSeconds = (performance.now() - started) / 1000;
    console.info(`ingest: ${file.name} by WebCodecs in ${decodeSeconds.toFixed(2)} s${resume ? `, resumed after ${resume.from} stored frames` : ''}, ${stats.packets} packets decoded, ${stats.skipped} left out, ${writer.count} kept; waited ${stats.encodeWaitSeconds.toFixed(2)} s on thumbnail encoding, drew thumbnails for ${stats.drawSeconds.toFixed(2)} s`);
    return {
      result: {
        frames: writer.count, bytes: writer.bytes, status: 'done', reason: null, decodeSeconds, decodePath: 'webcodecs', decodeReason: reason,
        encodeWaitSeconds: stats.encodeWaitSeconds, resumedFrom: resume?.from, leftOut: stats.skipped,
      },
      probe: info,
    };
  } finally {
    writer.close?.();
  }
}

/**
 * What the fast pass decodes: where a cut-off pass goes on (its stored frames must be the first ones of this
 * sampling, else the pack is emptied; keyframes-only passes always start over), which times it keeps, and
 * which packets it may leave out (pictures nothing refers to; packets no kept picture needs).
 */
async function fastPlan(
  src: FastSource, config: VideoDecoderConfig, writer: FrameSink, offset: number, sampling: Sampling, params: SamplingParams,
  maxSeconds: number | undefined, emit: (e: IngestEvent) => void,
): Promise<Pick<FastDecodeJob, 'keepTimes' | 'disposable' | 'unneeded'> & { resume: ResumePlan | null }> {
  const dense = !params.keyframesOnly;
  const stored = writer.count > 0 ? (writer.storedTimes?.() ?? null) : null;
  // Leaving packets out needs the kept times before decoding: from the packet table, which ISO-BMFF holds in its
  // header (other containers are read through for it only to resume).
  const table = dense && (stored || src.kind === 'isobmff') ? await packetTable(src.track) : null;
  const frames = table ? denseFrames(table, offset, sampling, false) : [];
  // Stored frames from a cut-off pass: gone on from when they are this rule's first ones, else emptied.
  const resume = dense && stored ? resumePlan(frames, stored) : null;
  if (stored && !resume) {
    writer.clear?.();
    emit({ type: 'emptied' });
  }
  const keep = resume ? resume.keep : table ? new Set(frames.filter((f) => !maxSeconds || f.t < maxSeconds).map((f) => f.t)) : null;
  if (!keep || !table) return { resume, keepTimes: keep, disposable: null, unneeded: null };
  const disposable = src.kind === 'isobmff' ? disposableTest(config) : null;
  const reordered = disposable !== null && reorders(table.map((p) => p.timestamp));
  const unneeded = unneededPackets(table, new Set(frames.filter((f) => keep.has(f.t)).map((f) => f.timestamp)));
  return { resume, keepTimes: keep, disposable: reordered ? disposable : null, unneeded };
}

/** Mounts the file, probes it with ffprobe and samples it with ffmpeg.wasm into `sink`. */
async function decodeFfmpeg(
  file: File,
  params: SamplingParams,
  openSink: OpenSink,
  emit: (e: IngestEvent) => void,
  maxSeconds: number | undefined,
  choice: PathChoice,
  failure: string | undefined,
): Promise<{ result: IngestResult; probe: VideoProbe }> {
  return onCore(file, async (lease, path) => {
    const lc = lease.core;
    emit({ type: 'loaded', threads: lc.threads, multiThreaded: lc.multiThreaded });
    // After a WebCodecs failure the pack is emptied: the frames it kept are decoded again, never twice.
    const writer = await openSink().catch((e: unknown) => {
      throw AppError.from(e, 'storage', isQuotaError(e) ? 'quota' : 'storage');
    });
    try {
      const info = probe(lease, path, file.name);
      // A pass cut off earlier (a reload) goes on after its frames when they are this rule's first ones; else it starts over.
      const resume = await resumeByFfmpeg(lease, path, info, params, writer);
      if (writer.count && !resume && writer.clear) {
        writer.clear();
        emit({ type: 'emptied' });
      }
      const reason = pathReason(choice, { codec: info.codec, container: info.container, failure });
      emit({ type: 'path', path: 'ffmpeg', reason });
      const { width, height } = thumbnailSize(info.width, info.height, info.sar, info.rotated ? 90 : 0, params.height);
      const duration = maxSeconds && info.duration !== null ? Math.min(info.duration, maxSeconds) : info.duration;
      const expectedFrames = expectedKept(maxSeconds || params.keyframesOnly ? null : info.sourceFrames, duration, effectiveSampling(params, info.fps));
      emit({ type: 'probed', probe: info, expectedFrames, thumbWidth: width, thumbHeight: height });
      const result = resume && !resume.seek
        ? { frames: writer.count, bytes: writer.bytes, status: 'done' as const, reason: null, decodeSeconds: 0, resumedFrom: resume.from }
        : sample(lease, path, file, params, info, writer, emit, maxSeconds, resume);
      return { result: { ...result, decodePath: 'ffmpeg' as const, decodeReason: reason }, probe: info };
    } finally {
      sink = null;
      onLogLine = null;
      writer.close?.();
    }
  });
}

/**
 * Where a pack a cut-off ffmpeg.wasm pass left goes on (ffmpegLook.planResume): the packet list and the first
 * frame's time put the rule's frames on the pass's clock. Null (start over) when nothing is stored, for
 * keyframes-only passes, or when the stored times are not the rule's first frames.
 */
async function resumeByFfmpeg(
  lease: Lease, path: string, info: VideoProbe, params: SamplingParams, writer: FrameSink,
): Promise<{ from: number; seek: FrameSeek | null } | null> {
  if (!writer.count || !writer.storedTimes || params.keyframesOnly) return null;
  try {
    const shown = shownFrames(listPackets(lease, path), info.fps);
    const first = runForFrame(lease, firstFrameArgs(path), null).time;
    // The multi-threaded core gets its finished threads back only when the event loop turns (see lookByFfmpeg).
    await new Promise((r) => setTimeout(r, 0));
    return first === null ? null : planResume(shown, first, effectiveSampling(params, info.fps), writer.storedTimes(), info.fps);
  } catch (e) {
    console.warn('ingest: the stored frames cannot be gone on from; the pass starts over', e);
    return null;
  }
}

async function ingest(job: IngestJob, emit: (e: IngestEvent) => void): Promise<IngestResult> {
  // The first open honours the job's restart flag; a fallback after WebCodecs always empties the pack.
  let opened = false;
  const open: OpenSink = async () => {
    const again = opened;
    opened = true;
    const writer = await FramePackWriter.open(job.videoId, again || job.restart);
    if (again) emit({ type: 'emptied' });
    return writer;
  };
  return (await decode(job.file, job.params, open, emit)).result;
}

async function clip(job: ClipJob, emit: (e: IngestEvent) => void): Promise<Transfer<ClipFrames>> {
  let mem = new MemorySink();
  const open: OpenSink = () => Promise.resolve((mem = new MemorySink()));
  const { result, probe } = await decode(job.file, job.params, open, emit, job.maxSeconds);
  const value: ClipFrames = {
    images: mem.images, times: mem.times, probe, status: result.status, reason: result.reason, decodePath: result.decodePath, decodeReason: result.decodeReason,
  };
  return new Transfer(value, mem.images);
}

function sample(
  lease: Lease,
  path: string,
  file: File,
  params: SamplingParams,
  info: VideoProbe,
  writer: FrameSink,
  emit: (e: IngestEvent) => void,
  maxSeconds?: number,
  resume?: { from: number; seek: FrameSeek | null } | null,
): Omit<IngestResult, 'decodePath' | 'decodeReason'> {
  const lc = lease.core;
  const { core } = lc;
  const times: number[] = [];
  const splitter = new ImageStreamSplitter(params.format);
  let storageError: AppError | null = null;
  let lastEmit = 0;
  let lastTime = 0;
  let stats: DecodeStats | null = null;
  const started = performance.now();

  onLogLine = (line) => {
    const t = showinfoTime(line);
    if (t !== null) times.push(t);
    stats = decodeStats(line) ?? stats;
    return t !== null || /Parsed_showinfo/.test(line);
  };
  sink = (bytes) => {
    try {
      for (const image of splitter.push(bytes)) {
        const t = times.shift() ?? nominalTime(writer.count, effectiveSampling(params, info.fps), info.fps);
        lastTime = t;
        writer.append(image, t);
      }
    } catch (e) {
      storageError ??= isQuotaError(e)
        ? new AppError('quota', 'storage', `storage is full: kept ${writer.count} frames of ${file.name}`)
        : AppError.from(e, 'storage', 'storage');
      throw e;
    }
    const now = performance.now();
    if (now - lastEmit > 200) {
      lastEmit = now;
      emit({ type: 'frames', frames: writer.count, bytes: writer.bytes, lastTime });
    }
  };

  log = [];
  runOn(lease, `on ${file.name}`, (c) => c.exec(...sampleArgs(path, params, lc.threads, maxSeconds, info.fps, resume?.seek ?? undefined)), DECODE_COST);
  const ret = core.ret;
  core.reset();
  writer.flush();
  const frames = writer.count;
  emit({ type: 'frames', frames, bytes: writer.bytes, lastTime });
  const decodeSeconds = (performance.now() - started) / 1000;

  if (frames === 0) {
    const err: AppError | null = storageError;
    if (err) throw err;
    const fatal = fatalError(log, file.name);
    if (fatal) throw fatal;
    const last = damageLines(log)[0] ?? log.filter((l) => /error/i.test(l)).pop();
    throw new AppError('decode-failed', 'ingest', `no frame could be decoded from ${file.name}${last ? `: ${tidyLogLine(last)}` : ''}`);
  }
  const damage = damageLines(log);
  let reason: string | null;
  if (storageError) reason = (storageError as AppError).message;
  else if (ret !== 0 || damage.length > 0) {
    reason = `damaged or truncated file: ${tidyLogLine(damage[0] ?? fatalError(log, file.name)?.message ?? `ffmpeg exited with code ${ret}`)}`;
  } else {
    // A resumed pass read only the packets after its seek: judged by how far its frames reach.
    reason = stoppedEarly({
      sampling: effectiveSampling(params, info.fps), headerPackets: maxSeconds || params.keyframesOnly || resume ? null : (info.headerPackets ?? null),
      duration: maxSeconds && info.duration !== null ? Math.min(info.duration, maxSeconds) : info.duration,
      fps: info.fps, stats: resume ? null : stats, lastTime,
    });
  }
  if (resume) console.info(`ingest: ${file.name} by ffmpeg.wasm, resumed after ${resume.from} stored frames, ${frames} kept`);
  return { frames, bytes: writer.bytes, status: reason ? 'partial' : 'done', reason, decodeSeconds, resumedFrom: resume?.from };
}

/** Whether the fast path takes this file, and if so its source and decoder config (the caller disposes the source). */
async function fastPathFor(file: File, params: SamplingParams): Promise<{ src: FastSource; config: VideoDecoderConfig } | string> {
  if (typeof VideoDecoder === 'undefined') return 'this browser has no WebCodecs';
  if (params.decoder === 'ffmpeg') return 'ffmpeg.wasm is chosen in Settings';
  if (file.size === 0) return 'the file is empty';
  const src = await openFastSource(file);
  if (!src) return 'its container needs ffmpeg.wasm';
  const { config, support } = await decoderSupport(src).catch(() => ({ config: null, support: 'unsupported' as const }));
  if (!config || support === 'unsupported') {
    src.input.dispose();
    return `this browser does not decode ${src.codec ?? 'its codec'}`;
  }
  return { src, config };
}

/** How a video's first look is decoded: the fast path's demuxer and decoder, or ffmpeg.wasm seeking frame by frame. */
type LookRoute = 'fast' | 'ffmpeg';

/**
 * A first look at every video of a drop: durations first (the budget is split by them), then each video's
 * chosen frames into its `~look` pack. A video that cannot be read, or one that fails, is reported and the
 * others go on; its dense pass brings its frames later.
 */
async function look(job: LookJob, emit: (e: LookEvent) => void, signal: AbortSignal): Promise<LookVideo[]> {
  const out: LookVideo[] = job.videos.map((v) => ({ videoId: v.videoId, frames: 0, planned: 0, state: 'decoding', reason: null }));
  const durations: (number | null)[] = [];
  const routes: (LookRoute | null)[] = [];
  for (const [k, v] of job.videos.entries()) {
    const skip = (reason: string) => {
      out[k] = { ...out[k]!, state: 'skipped', reason };
      durations.push(null);
      routes.push(null);
    };
    if (v.file.size === 0) {
      skip('the file is empty');
      continue;
    }
    const fast = await fastPathFor(v.file, v.params).catch((e: unknown) => AppError.from(e, 'ingest').message);
    try {
      if (typeof fast === 'string') {
        durations.push(await onCore(v.file, (lease, path) => probe(lease, path, v.file.name).duration));
        routes.push('ffmpeg');
      } else {
        durations.push((await probeFast(fast.src)).probe.duration);
        routes.push('fast');
      }
    } catch (e) {
      skip(`reading the header: ${AppError.from(e, 'ingest').message}`);
    } finally {
      if (typeof fast !== 'string') fast.src.input.dispose();
    }
  }
  const open = out.flatMap((o, k) => (o.state === 'skipped' ? [] : [k]));
  if (durations.reduce<number>((a, d) => a + (d ?? 0), 0) < LOOK_MIN_SECONDS) {
    for (const k of open) out[k] = { ...out[k]!, state: 'skipped', reason: `the drop is shorter than ${LOOK_MIN_SECONDS} s: its frames come soon enough` };
    open.length = 0;
  }
  const budgets = splitBudget(open.map((k) => durations[k]!), job.budget);
  for (const [j, k] of open.entries()) {
    if (signal.aborted) break;
    const at = routes[k] === 'fast' ? lookAtOne : lookByFfmpeg;
    out[k] = await at(job.videos[k]!, budgets[j]!, (v) => emit({ type: 'look', ...v }), signal);
    emit({ type: 'look', ...out[k]! });
  }
  for (const o of out) if (o.state === 'skipped') emit({ type: 'look', ...o });
  return out;
}

type LookAt = (v: LookJob['videos'][number], budget: number, emit: (v: LookVideo) => void, signal: AbortSignal) => Promise<LookVideo>;

/** Emits a look's progress as its frames arrive, five times a second at most. */
function lookProgress(state: LookVideo, sink: FramePackWriter, emit: (v: LookVideo) => void): () => void {
  let last = 0;
  return () => {
    state.frames = sink.count;
    if (performance.now() - last > 200) {
      last = performance.now();
      emit(state);
    }
  };
}

/** The end of a look: what was stored stays, since those frames are real and placed like the others. */
function lookEnded(state: LookVideo, writer: FramePackWriter | null, signal: AbortSignal, error?: unknown): LookVideo {
  const frames = writer?.count ?? 0;
  if (error !== undefined) {
    const reason = error instanceof WebCodecsFailure ? error.message : AppError.from(error, 'ingest').message;
    return { ...state, frames, state: 'failed', reason };
  }
  return { ...state, frames, state: signal.aborted ? 'failed' : 'done', reason: signal.aborted ? 'cancelled' : null };
}

const lookAtOne: LookAt = async (v, budget, emit, signal) => {
  const state: LookVideo = { videoId: v.videoId, frames: 0, planned: 0, state: 'decoding', reason: null };
  const fast = await fastPathFor(v.file, v.params).catch((e: unknown) => AppError.from(e, 'ingest').message);
  if (typeof fast === 'string') return { ...state, state: 'skipped', reason: fast };
  let writer: FramePackWriter | null = null;
  try {
    const { src, config } = fast;
    const { probe: info, offset, orientation } = await probeFast(src);
    const table = await packetTable(src.track, v.params.keyframesOnly);
    const frames = chooseLook(denseFrames(table, offset, effectiveSampling(v.params, info.fps)), budget);
    state.planned = frames.length;
    emit(state);
    const { width, height } = thumbnailSize(info.width, info.height, info.sar, orientation.rotation, v.params.height);
    const maker = new ThumbnailMaker({ width, height, orientation, format: v.params.format, quality: v.params.quality });
    const sink = (writer = await FramePackWriter.open(lookId(v.videoId), true));
    await decodeLook({ src, config, offset, frames, maker, sink, signal, disposable: disposableTest(config), onFrame: lookProgress(state, sink, emit) });
    return lookEnded(state, writer, signal);
  } catch (e) {
    return lookEnded(state, writer, signal, e);
  } finally {
    writer?.close();
    fast.src.input.dispose();
  }
};

/**
 * A first look through ffmpeg.wasm (ffmpegLook.ts): the packet list from ffprobe, the first frame's time, then
 * one short run per chosen frame. A frame that does not come is left out; the others go on.
 */
const lookByFfmpeg: LookAt = async (v, budget, emit, signal) => {
  const state: LookVideo = { videoId: v.videoId, frames: 0, planned: 0, state: 'decoding', reason: null };
  // Assigned after an await: a cast keeps its type from narrowing to null in `finally`.
  let writer = null as FramePackWriter | null;
  try {
    const seeks = await onCore(v.file, (lease, path) => {
      const info = probe(lease, path, v.file.name);
      const shown = shownFrames(listPackets(lease, path), info.fps, v.params.keyframesOnly);
      const first = runForFrame(lease, firstFrameArgs(path, v.params.keyframesOnly), null).time;
      if (first === null) throw new AppError('decode-failed', 'ingest', `no frame could be decoded from ${v.file.name}`);
      return planLook(shown, first, effectiveSampling(v.params, info.fps), budget, info.fps);
    });
    state.planned = seeks.length;
    emit(state);
    const sink = (writer = await FramePackWriter.open(lookId(v.videoId), true));
    const progress = lookProgress(state, sink, emit);
    let last = -Infinity;
    let crashes = 0;
    for (const s of seeks) {
      if (signal.aborted) break;
      // Each frame takes a core afresh, so a spent one is replaced between frames (coreRecycler.ts).
      const got = await onCore(v.file, (lease, path) => runForFrame(lease, seekArgs(path, s, v.params), v.params.format)).catch((e: unknown) => {
        // A crash retired the core: the frame is left out and the next one goes on a fresh core; twice running, it is the file.
        if (!(e instanceof FfmpegCrash) || ++crashes > 1) throw e;
        console.warn(`ingest: first look at ${v.file.name}: ${e.message}; the frame near ${s.target.toFixed(2)} s is left out`);
        return null;
      });
      // The multi-threaded core gets its finished threads back only when the event loop turns: let it, between runs.
      await new Promise((r) => setTimeout(r, 0));
      if (!got) continue;
      crashes = 0;
      // A seek that lands past the next chosen frame gives it twice: once is enough.
      if (!got.image || got.time === null || got.time <= last) continue;
      sink.append(got.image, (last = got.time));
      progress();
    }
    sink.flush();
    return lookEnded(state, writer, signal);
  } catch (e) {
    return lookEnded(state, writer, signal, e);
  } finally {
    writer?.close();
  }
};

/** ffprobe's packet list of the first video stream (no decoding). */
function listPackets(lease: Lease, path: string): ProbedPacket[] {
  const { core } = lease.core;
  log = [];
  runOn(lease, 'listing packets', (c) => c.ffprobe(...packetArgs(path)));
  core.reset();
  if (!core.FS.analyzePath(PACKETS_OUT).exists) return [];
  const csv = core.FS.readFile(PACKETS_OUT, { encoding: 'utf8' });
  core.FS.unlink(PACKETS_OUT);
  return parsePackets(csv);
}

/** One short ffmpeg run: the first frame's showinfo time, and its image when `format` says what the device gets. */
function runForFrame(lease: Lease, args: string[], format: SamplingParams['format'] | null): { image: Uint8Array | null; time: number | null } {
  const splitter = format ? new ImageStreamSplitter(format) : null;
  let image: Uint8Array | null = null;
  let time: number | null = null;
  onLogLine = (line) => {
    const t = showinfoTime(line);
    if (t !== null) time ??= t;
    return t !== null || /Parsed_showinfo/.test(line);
  };
  sink = (bytes) => {
    for (const img of splitter?.push(bytes) ?? []) image ??= img;
  };
  log = [];
  try {
    runOn(lease, 'seeking a frame', (c) => c.exec(...args));
    lease.core.core.reset();
  } finally {
    sink = null;
    onLogLine = null;
  }
  return { image, time };
}

/**
 * A video's sound into its sound file: WebCodecs where the container and codec allow (and the settings do not
 * force ffmpeg.wasm), else, or after it failed, ffmpeg.wasm (`aresample first_pts=0`: sample 0 at the frames'
 * time 0). A file without a sound track says so; a damaged one keeps what was read before the damage.
 */
async function audio(job: AudioJob, emit: (e: { type: 'audio'; seconds: number }) => void): Promise<AudioResult> {
  const started = performance.now();
  let said = 0;
  const progress = () => {
    const now = performance.now();
    if (now - said < 250) return;
    said = now;
    emit({ type: 'audio', seconds: writer.samples / AUDIO_RATE });
  };
  const storageError = (e: unknown) => AppError.from(e, 'storage', isQuotaError(e) ? 'quota' : 'storage');
  let writer = await AudioWriter.open(job.videoId).catch((e: unknown) => {
    throw storageError(e);
  });
  const finish = async (r: DecodedAudio, path: AudioResult['path'], reason: string | null): Promise<AudioResult> => {
    if (r.state === 'none') {
      await writer.abandon();
      return { state: 'none', seconds: 0, peakDb: null, path, codec: null, decodeSeconds: (performance.now() - started) / 1000, reason };
    }
    const meta = await writer.finish({ rate: AUDIO_RATE, peakDb: r.peakDb, path, codec: r.codec ?? 'unknown' }).catch((e: unknown) => {
      throw storageError(e);
    });
    return { state: 'done', seconds: meta.samples / AUDIO_RATE, peakDb: r.peakDb, path, codec: r.codec, decodeSeconds: (performance.now() - started) / 1000, reason };
  };
  let reason: string | null = typeof VideoDecoder === 'undefined' ? 'this browser has no WebCodecs' : job.decoder === 'ffmpeg' ? 'ffmpeg.wasm is chosen in Settings' : null;
  if (!reason) {
    try {
      return await finish(await decodeAudioFast(job.file, writer, progress), 'webcodecs', null);
    } catch (e) {
      if (!(e instanceof FastAudioUnavailable)) {
        await writer.abandon();
        throw isQuotaError(e) ? storageError(e) : e;
      }
      reason = e.message;
      await writer.abandon();
      writer = await AudioWriter.open(job.videoId);
    }
  }
  try {
    const r = await againOnFreshCore(`reading the sound of ${job.file.name}`, () => audioByFfmpeg(job.file, writer, progress), async () => {
      await writer.abandon();
      writer = await AudioWriter.open(job.videoId);
    });
    return await finish(r, 'ffmpeg', reason);
  } catch (e) {
    await writer.abandon();
    throw e;
  }
}

async function audioByFfmpeg(file: File, writer: AudioWriter, onWritten: () => void): Promise<DecodedAudio> {
  return onCore(file, (lease, path) => {
    const level = new LoudestBlock();
    let failed: unknown = null;
    let codec: string | null = null;
    onLogLine = (line) => {
      // "Stream #0:1: Audio: aac (LC) ..." names the codec (info level)
      codec ??= /Stream #0:\d+.*?: Audio: ([a-z0-9_]+)/.exec(line)?.[1] ?? null;
      return false;
    };
    sink = (bytes) => {
      try {
        writer.write(bytes);
        // the device hands over a view of the wasm heap, typed signed: read it as bytes
        level.push(muLawDecode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)));
        onWritten();
      } catch (e) {
        failed ??= e;
        throw e;
      }
    };
    log = [];
    try {
      runOn(lease, `reading the sound of ${file.name}`, (c) => c.exec(
        '-nostdin', '-hide_banner', '-nostats', '-v', 'info', '-y', '-i', path, '-map', '0:a:0', '-vn', '-sn', '-dn',
        '-af', 'aresample=async=1:first_pts=0', '-ac', '1', '-ar', String(AUDIO_RATE), '-c:a', 'pcm_mulaw', '-f', 'mulaw', FRAME_DEVICE,
      ), DECODE_COST);
      lease.core.core.reset();
    } finally {
      sink = null;
      onLogLine = null;
    }
    if (failed) throw AppError.from(failed, 'storage', isQuotaError(failed) ? 'quota' : 'storage');
    if (log.some((l) => /matches no streams/.test(l))) return { state: 'none', codec: null, peakDb: null };
    if (writer.samples === 0) {
      const last = damageLines(log)[0] ?? log.filter((l) => /error/i.test(l)).pop();
      throw new AppError('decode-failed', 'ingest', `the sound of ${file.name} could not be decoded${last ? `: ${tidyLogLine(last)}` : ''}`);
    }
    return { state: 'done', codec, peakDb: finiteOrNull(level.db) };
  });
}

serve<IngestProtocol>('ingest', { ingest, clip, look, audio });
