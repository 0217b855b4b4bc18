// onnxruntime-web as every worker that runs it sets it up: a thread per core
// under cross-origin isolation unless setOrtThreads asks for fewer (extraction beside PCA finished both
// sooner than one after the other: bench:features), wasm files served by Vite, and
// only errors on the console. Two builds: the plain WebAssembly one for the
// CPU, and the WebGPU one, loaded only when a WebGPU session is wanted: its
// wasm is built with Asyncify, which makes its CPU kernels 1.3–3× slower
// (MobileNetV2 12.7 against 40 crops/s in this Chromium). Workers import it;
// nothing else does.
import * as ort from 'onnxruntime-web/wasm';
import wasmURL from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { ortThreadCap } from './ortThreadCap';

export type Ort = typeof ort;

let threads = ortThreadCap();

function setUp(env: Ort['env'], url: string): void {
  env.wasm.wasmPaths = { wasm: new URL(url, self.location.href).href };
  env.wasm.numThreads = threads;
  env.logLevel = 'error';
}

setUp(ort.env, wasmURL);

let webgpu: Promise<Ort> | null = null;
let webgpuEnv: Ort['env'] | null = null;

/**
 * Sets the threads onnxruntime-web starts with (at most ortThreadCap). It reads the count once, when its first
 * session is made: a worker that has run a model keeps what it started with, so a change means a fresh worker.
 */
export function setOrtThreads(n: number): void {
  threads = Math.max(1, Math.min(ortThreadCap(), Math.floor(n)));
  ort.env.wasm.numThreads = threads;
  if (webgpuEnv) webgpuEnv.wasm.numThreads = threads;
}

/** The WebGPU build (also able to run WebAssembly, slower), loaded and set up on first use. */
export function ortWebGpu(): Promise<Ort> {
  return (webgpu ??= Promise.all([import('onnxruntime-web/webgpu'), import('onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url')]).then(([m, url]) => {
    setUp(m.env, url.default);
    webgpuEnv = m.env;
    return m;
  }));
}

/** The build that runs a backend's sessions. */
export const ortFor = (backend: 'wasm' | 'webgpu'): Promise<Ort> => (backend === 'webgpu' ? ortWebGpu() : Promise.resolve(ort));

export { ort };
