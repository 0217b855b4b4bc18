// The detectors, through @vladmandic/human on tfjs (workers only): CenterNet
// (MobileNet v3) finds COCO's 80 object classes; BlazeFace proposes faces,
// FaceMesh confirms each (BlazeFace alone scores a cat's or a goldfish's head
// as high as a person's face) and aligns it, and FaceRes describes it in 1024
// values. Human's body, hand, iris, emotion, image filters and result caching
// are off: every frame is looked at afresh and alone. Frames are letterboxed
// to a square first: both detectors squash their input to a square, which
// stretched a 16:9 frame's people 1.8× (a portrait scored 0.2 as a person,
// a cat's face 0.28). Models come from our origin (public/models/human/,
// copied from Human's npm tarball at install).
import { Human, type Config } from '@vladmandic/human/dist/human.esm-nobundle.js';
import { TFJS_WASM_PATHS } from '../../core/tfjsWasm';
import { FACE_DIM, FACE_STRIDE, OBJECT_STRIDE } from '../../storage/detectionRecords';

export type DetectBackend = 'webgpu' | 'wasm';

/** Faces the mesh confirms at least this surely are kept. */
export const MIN_FACE_SCORE = 0.5;
/** Objects below this are not stored (searches start at MIN_OBJECT_SCORE). */
const STORE_OBJECT_SCORE = 0.2;

export interface Found {
  /** n × OBJECT_STRIDE: class, score, x, y, w, h */
  objects: Float32Array;
  /** n × FACE_STRIDE: score, x, y, w, h, descriptor */
  faces: Float32Array;
}

export interface DetectKinds {
  objects: boolean;
  faces: boolean;
}

function config(modelBase: string, backend: DetectBackend, kinds: DetectKinds): Partial<Config> {
  const off = { enabled: false };
  return {
    backend,
    modelBasePath: modelBase,
    // our own object, not Human's string prefix: Human hands it to tfjs' setWasmPaths as is
    wasmPath: TFJS_WASM_PATHS as unknown as string,
    debug: false,
    async: true,
    warmup: 'none',
    cacheModels: false,
    validateModels: false,
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: off,
    gesture: off,
    body: off,
    hand: off,
    segmentation: off,
    face: {
      enabled: kinds.faces,
      detector: { modelPath: 'blazeface.json', rotation: false, maxDetected: 20, minConfidence: MIN_FACE_SCORE, return: false, skipFrames: 0, skipTime: 0 },
      mesh: { enabled: true, modelPath: 'facemesh.json', keepInvalid: false },
      iris: off,
      emotion: off,
      antispoof: off,
      liveness: off,
      attention: off,
      description: { enabled: true, modelPath: 'faceres.json', skipFrames: 0, skipTime: 0, minConfidence: 0 },
    } as Config['face'],
    object: { enabled: kinds.objects, modelPath: 'centernet.json', minConfidence: STORE_OBJECT_SCORE, maxDetected: 20, iouThreshold: 0.4, skipFrames: 0, skipTime: 0 },
  };
}

export class HumanDetector {
  private constructor(private readonly human: Human, readonly backend: DetectBackend, readonly kinds: DetectKinds) {}

  /** Loads the models of the kinds asked for (a few MB, from our origin) on `backend`. */
  static async create(modelBase: string, backend: DetectBackend, kinds: DetectKinds): Promise<HumanDetector> {
    const human = new Human(config(modelBase, backend, kinds));
    await human.load();
    if (human.tf.getBackend() !== backend) throw new Error(`tfjs runs on ${String(human.tf.getBackend())}, not ${backend}`);
    return new HumanDetector(human, backend, kinds);
  }

  private square: OffscreenCanvas | null = null;

  /** The image centred on a square canvas (black around it), and how to map a box on it back to the image. */
  private letterbox(image: ImageBitmap): { canvas: OffscreenCanvas; back: (b: readonly number[]) => number[] } {
    const w = image.width, h = image.height, side = Math.max(w, h);
    if (this.square?.width !== side) this.square = new OffscreenCanvas(side, side);
    const ctx = this.square.getContext('2d', { willReadFrequently: true })!;
    const dx = (side - w) / 2, dy = (side - h) / 2;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, side, side);
    ctx.drawImage(image, dx, dy);
    const back = ([x, y, bw, bh]: readonly number[]) => [(x! * side - dx) / w, (y! * side - dy) / h, (bw! * side) / w, (bh! * side) / h];
    return { canvas: this.square, back };
  }

  /** Objects and/or faces in one image; boxes in 0–1 of the image. */
  async detect(image: ImageBitmap, want: DetectKinds): Promise<Found> {
    if ((want.objects && !this.kinds.objects) || (want.faces && !this.kinds.faces)) throw new Error('asked for a kind whose models are not loaded');
    const { canvas, back } = this.letterbox(image);
    const r = await this.human.detect(canvas, { face: { enabled: want.faces }, object: { enabled: want.objects } });
    if (r.error) throw new Error(r.error);
    const objects = new Float32Array(r.object.length * OBJECT_STRIDE);
    r.object.forEach((o, k) => objects.set([o.class, o.score, ...back(o.boxRaw)], k * OBJECT_STRIDE));
    const described = r.face.filter((f) => f.embedding?.length === FACE_DIM && (f.faceScore ?? 0) >= MIN_FACE_SCORE);
    const faces = new Float32Array(described.length * FACE_STRIDE);
    described.forEach((f, k) => {
      faces.set([f.faceScore!, ...back(f.boxRaw)], k * FACE_STRIDE);
      faces.set(f.embedding!, k * FACE_STRIDE + 5);
    });
    return { objects, faces };
  }

  dispose(): void {
    this.human.tf.engine().reset();
  }
}
