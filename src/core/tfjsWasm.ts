// tfjs' WebAssembly backend set up once for every worker that uses it (the
// projection's training, the detectors): its .wasm files from our origin, and
// the single-threaded build. Its threaded build's inlined pthread worker fails
// to start inside a bundled module worker ("e is not defined"). Workers only.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';

const absolute = (url: string) => new URL(url, self.location.href).href;

/** The backend's files by name, as `setWasmPaths` takes them. */
export const TFJS_WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': absolute(wasmPlain),
  'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
  // required by setWasmPaths, never loaded: multithreading is off below
  'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmSimd),
};

setWasmPaths(TFJS_WASM_PATHS);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
