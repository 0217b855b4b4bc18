// Runs a converted model in onnxruntime-node on NHWC RGB images.
import * as ort from 'onnxruntime-node';
import { toNchw } from '../../src/stages/features/convert/testing';

/** `threads`: onnxruntime's intra-op threads (its default is every core); benchmarks state it beside the browser's. */
export async function embed(onnx: Uint8Array, images: Float32Array[], size: number, batch = 8, threads?: number): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(onnx, threads ? { intraOpNumThreads: threads } : {});
  const out: Float32Array[] = [];
  for (let i = 0; i < images.length; i += batch) {
    const chunk = images.slice(i, i + batch);
    const nhwc = new Float32Array(chunk.length * size * size * 3);
    chunk.forEach((im, j) => nhwc.set(im, j * im.length));
    const r = await session.run({ pixels: new ort.Tensor('float32', toNchw(nhwc, chunk.length, size), [chunk.length, 3, size, size]) });
    const data = r[session.outputNames[0]!]!.data as Float32Array;
    const dim = data.length / chunk.length;
    for (let j = 0; j < chunk.length; j++) out.push(data.slice(j * dim, (j + 1) * dim));
  }
  await session.release();
  return out;
}
