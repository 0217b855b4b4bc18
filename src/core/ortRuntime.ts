// onnxruntime-web as every worker that runs it sets it up: the WebGPU build
// (which also has the WebAssembly backend), its wasm file served by Vite (one
// file, cached once for all workers), a thread per core under cross-origin
// isolation (extraction beside PCA finished both sooner than one after the
// other: bench:features), and only errors on the console. Workers import it;
// nothing else does.
import * as ort from 'onnxruntime-web/webgpu';
import wasmURL from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

ort.env.wasm.wasmPaths = { wasm: new URL(wasmURL, self.location.href).href };
ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.max(1, Math.min(16, navigator.hardwareConcurrency || 1)) : 1;
ort.env.logLevel = 'error';

export { ort };
