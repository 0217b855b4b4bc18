// Looks for objects and faces in a video's stored frames, a frame at a time
// (the next few read and decoded while one is looked at), appending each
// frame's finds to the video's detection files: a run cut off goes on after
// the last frame stored. WebGPU on a real GPU, else tfjs' WebAssembly backend.
import { AppError, isQuotaError } from '../../core/errors';
import { probeGpu } from '../../core/gpuProbe';
import { serve, Transfer } from '../../rpc/workerRpc';
import { DetectionWriter } from '../../storage/detectStore';
import { FACE_STRIDE, OBJECT_STRIDE } from '../../storage/detectionRecords';
import { FrameReader } from '../../storage/frameReader';
import type { DetectEvent, DetectJob, DetectProtocol, DetectResult, PhotoFace } from './detect.protocol';
import { groupFaces } from './faceGroups';
import { HumanDetector, type DetectKinds } from './humanDetector';

/** Frames read and decoded ahead of the one being looked at. */
const AHEAD = 4;

/** Detectors by the kinds they load: a run loads what it is asked for; a photo query only the face models. */
const loading = new Map<string, Promise<{ detector: HumanDetector; reason: string }>>();

function detectorFor(modelBase: string, kinds: DetectKinds): Promise<{ detector: HumanDetector; reason: string }> {
  const key = `${kinds.objects}|${kinds.faces}`;
  let p = loading.get(key);
  if (!p) {
    p = (async () => {
      const gpu = await probeGpu();
      if (gpu.adapter && !gpu.fallback) {
        try {
          return { detector: await HumanDetector.create(modelBase, 'webgpu', kinds), reason: `WebGPU on ${gpu.description}` };
        } catch (e) {
          console.warn('detectors: WebGPU failed, using WebAssembly:', e);
        }
      }
      const why = gpu.adapter ? 'the WebGPU adapter is a software one' : 'no WebGPU adapter';
      return { detector: await HumanDetector.create(modelBase, 'wasm', kinds), reason: `WebAssembly (${why})` };
    })().catch((e: unknown) => {
      loading.delete(key);
      throw new AppError('model-load', 'detect', `the detectors did not load: ${AppError.from(e, 'detect').message}`, { cause: e });
    });
    loading.set(key, p);
  }
  return p;
}

async function run(job: DetectJob, emit: (e: DetectEvent) => void, signal: AbortSignal): Promise<DetectResult> {
  const t0 = performance.now();
  const { detector, reason } = await detectorFor(job.modelBase, { objects: job.objects, faces: job.faces });
  emit({ type: 'backend', backend: detector.backend, reason });
  const writers = {
    objects: job.objects ? await DetectionWriter.open(job.videoId, 'objects', OBJECT_STRIDE) : null,
    faces: job.faces ? await DetectionWriter.open(job.videoId, 'faces', FACE_STRIDE) : null,
  };
  const open = [writers.objects, writers.faces].filter((w): w is DetectionWriter => !!w);
  const result: DetectResult = { looked: 0, objects: 0, faces: 0, ms: 0, backend: detector.backend };
  try {
    const start = Math.min(...open.map((w) => w.done), job.frames);
    const reader = await FrameReader.open(job.videoId, job.mime);
    const total = Math.min(job.frames, reader.count);
    const read = (i: number) => reader.image(i).then((b) => createImageBitmap(b));
    const ahead = new Map<number, Promise<ImageBitmap>>();
    let lastEmit = 0;
    emit({ type: 'progress', done: start, total });
    for (let i = start; i < total; i++) {
      signal.throwIfAborted();
      for (let j = i; j < Math.min(total, i + AHEAD); j++) if (!ahead.has(j)) ahead.set(j, read(j));
      const bitmap = await ahead.get(i)!;
      ahead.delete(i);
      const want = { objects: !!writers.objects && writers.objects.done <= i, faces: !!writers.faces && writers.faces.done <= i };
      try {
        const found = await detector.detect(bitmap, want);
        if (want.objects) {
          writers.objects!.append(i, found.objects);
          result.objects += found.objects.length / OBJECT_STRIDE;
        }
        if (want.faces) {
          writers.faces!.append(i, found.faces);
          result.faces += found.faces.length / FACE_STRIDE;
        }
      } finally {
        bitmap.close();
      }
      result.looked++;
      if (performance.now() - lastEmit > 250 || i === total - 1) {
        emit({ type: 'progress', done: i + 1, total });
        lastEmit = performance.now();
      }
    }
    for (const p of ahead.values()) void p.then((b) => b.close(), () => undefined);
  } catch (e) {
    if (isQuotaError(e)) throw new AppError('quota', 'detect', 'the disk is full: detections could not be stored', { cause: e });
    throw e;
  } finally {
    open.forEach((w) => w.close());
  }
  result.ms = performance.now() - t0;
  return result;
}

async function photoFaces(req: { image: Blob; modelBase: string }): Promise<Transfer<{ faces: PhotoFace[] }>> {
  const { detector } = await detectorFor(req.modelBase, { objects: false, faces: true });
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(req.image);
  } catch (e) {
    throw new AppError('not-video', 'detect', 'this file is not an image the browser can read', { cause: e });
  }
  try {
    const found = await detector.detect(bitmap, { objects: false, faces: true });
    const faces: PhotoFace[] = [];
    for (let k = 0; k < found.faces.length / FACE_STRIDE; k++) {
      const o = k * FACE_STRIDE;
      faces.push({ score: found.faces[o]!, box: [found.faces[o + 1]!, found.faces[o + 2]!, found.faces[o + 3]!, found.faces[o + 4]!], descriptor: found.faces.slice(o + 5, o + FACE_STRIDE) });
    }
    return new Transfer({ faces }, faces.map((f) => f.descriptor.buffer));
  } finally {
    bitmap.close();
  }
}

serve<DetectProtocol>('detect', {
  run: (job, emit, signal) => run(job, emit, signal),
  groupFaces({ rows, dim, threshold }) {
    const t0 = performance.now();
    const groups = groupFaces(rows, dim, threshold);
    return new Transfer({ groups, ms: performance.now() - t0 }, [groups.buffer]);
  },
  photoFaces,
});
