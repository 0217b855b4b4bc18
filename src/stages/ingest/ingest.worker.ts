// Ingest worker: probes a video with ffprobe, then runs ffmpeg once to keep
// every Nth frame scaled to 300 px high, encoded as WebP/JPEG. ffmpeg writes
// the images to a character device whose callback appends each one to the
// video's OPFS frame pack as it arrives: memory stays flat however long the video.
// A search query clip goes the same way into memory instead, and back to the caller.
import { AppError, isQuotaError } from '../../core/errors';
import { serve, Transfer } from '../../rpc/workerRpc';
import { FramePackWriter } from '../../storage/framePackWriter';
import { stoppedEarly } from './completeness';
import { damageLines, decodeStats, fatalError, showinfoTime, tidyLogLine, type DecodeStats } from './ffmpegLog';
import { FRAME_DEVICE, INPUT_DIR, PROBE_OUT, probeArgs, sampleArgs } from './ffmpegArgs';
import { loadCore, type LoadedCore } from './ffmpegCore';
import { ImageStreamSplitter } from './imageStream';
import type { ClipFrames, ClipJob, IngestEvent, IngestJob, IngestProtocol, IngestResult } from './ingest.protocol';
import { parseProbe, type VideoProbe } from './probe';
import { expectedKept, nominalTime, scaledWidth, type SamplingParams } from './sampling';

const EIO = 29;
const MAX_LOG_LINES = 4000;

/** Where sampled images go: a video's OPFS frame pack, or memory for a query clip. */
interface FrameSink {
  readonly count: number;
  readonly bytes: number;
  append(image: Uint8Array, time: number): void;
  flush(): void;
}

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
let loaded: Promise<LoadedCore> | null = null;

function getCore(): Promise<LoadedCore> {
  loaded ??= loadCore().then((lc) => {
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
  return loaded;
}

function inputName(file: File): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(file.name)?.[1] ?? 'bin';
  return `input.${ext.toLowerCase()}`;
}

function probe(lc: LoadedCore, path: string, fileName: string): VideoProbe {
  const { core } = lc;
  log = [];
  core.ffprobe(...probeArgs(path));
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

/** Mounts the file, probes it and samples it into `sink`. */
async function decode(
  file: File,
  params: SamplingParams,
  openSink: () => Promise<FrameSink & { close?(): void }>,
  emit: (e: IngestEvent) => void,
  maxSeconds?: number,
): Promise<{ result: IngestResult; probe: VideoProbe }> {
  if (file.size === 0) throw new AppError('empty-file', 'ingest', `${file.name} is empty (0 bytes)`);
  const lc = await getCore();
  emit({ type: 'loaded', threads: lc.threads, multiThreaded: lc.multiThreaded });
  const { core } = lc;
  const name = inputName(file);
  const path = `${INPUT_DIR}/${name}`;
  core.FS.mount(core.FS.filesystems.WORKERFS, { blobs: [{ name, data: file }] }, INPUT_DIR);
  const writer = await openSink().catch((e: unknown) => {
    core.FS.unmount(INPUT_DIR);
    throw AppError.from(e, 'storage', isQuotaError(e) ? 'quota' : 'storage');
  });
  try {
    const info = probe(lc, path, file.name);
    const w = info.rotated ? info.height : info.width;
    const h = info.rotated ? info.width : info.height;
    const duration = maxSeconds && info.duration !== null ? Math.min(info.duration, maxSeconds) : info.duration;
    const expectedFrames = expectedKept(maxSeconds ? null : info.sourceFrames, duration, params.sampling);
    emit({ type: 'probed', probe: info, expectedFrames, thumbWidth: scaledWidth(w, h, info.sar, params.height), thumbHeight: params.height });
    return { result: sample(lc, path, file, params, info, writer, emit, maxSeconds), probe: info };
  } finally {
    sink = null;
    onLogLine = null;
    writer.close?.();
    core.FS.unmount(INPUT_DIR);
  }
}

async function ingest(job: IngestJob, emit: (e: IngestEvent) => void): Promise<IngestResult> {
  return (await decode(job.file, job.params, () => FramePackWriter.open(job.videoId, job.restart), emit)).result;
}

async function clip(job: ClipJob, emit: (e: IngestEvent) => void): Promise<Transfer<ClipFrames>> {
  const mem = new MemorySink();
  const { result, probe } = await decode(job.file, job.params, () => Promise.resolve(mem), emit, job.maxSeconds);
  const value: ClipFrames = { images: mem.images, times: mem.times, probe, status: result.status, reason: result.reason };
  return new Transfer(value, mem.images);
}

function sample(
  lc: LoadedCore,
  path: string,
  file: File,
  params: SamplingParams,
  info: VideoProbe,
  writer: FrameSink,
  emit: (e: IngestEvent) => void,
  maxSeconds?: number,
): IngestResult {
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
        const t = times.shift() ?? nominalTime(writer.count, params.sampling, info.fps);
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
  try {
    core.exec(...sampleArgs(path, params, lc.threads, maxSeconds));
  } catch (e) {
    // A wasm trap leaves the core unusable: load a fresh one next time.
    loaded = null;
    throw new AppError('decode-failed', 'ingest', `ffmpeg crashed on ${file.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
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
    reason = stoppedEarly({
      sampling: params.sampling, headerPackets: maxSeconds ? null : (info.headerPackets ?? null),
      duration: maxSeconds && info.duration !== null ? Math.min(info.duration, maxSeconds) : info.duration,
      fps: info.fps, stats, lastTime,
    });
  }
  return { frames, bytes: writer.bytes, status: reason ? 'partial' : 'done', reason, decodeSeconds };
}

serve<IngestProtocol>('ingest', { ingest, clip });
