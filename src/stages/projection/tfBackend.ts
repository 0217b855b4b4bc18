// Which tfjs backend trains the autoencoder: measured, not guessed. The
// candidates are WebGPU on a hardware adapter, WebGL unless it renders in
// software (SwiftShader, llvmpipe: slower than the CPU it runs on), and
// tfjs' WebAssembly backend (XNNPACK, SIMD), which is what most machines
// without a real GPU get. Each runs a few real training batches; the fastest
// wins. The backend's threaded build is not used: its inlined pthread worker
// fails to start inside a bundled module worker ("e is not defined"), and the
// autoencoder's layers (≤ 256 wide, batches of 256) gain little from threads.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';

const absolute = (url: string) => new URL(url, self.location.href).href;
setWasmPaths({
  'tfjs-backend-wasm.wasm': absolute(wasmPlain),
  'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
  // required by setWasmPaths, never loaded: multithreading is off below
  'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmSimd),
});
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

/** True where WebGL draws with a CPU rasteriser. */
export function webglIsSoftware(): boolean {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|software|basic render/i.test(renderer);
  } catch {
    return true;
  }
}

export function backendCandidates(gpu: { adapter: boolean; fallback: boolean }, softwareWebgl: boolean): string[] {
  return [...(gpu.adapter && !gpu.fallback ? ['webgpu'] : []), ...(softwareWebgl ? [] : ['webgl']), 'wasm'];
}

export interface BackendTiming {
  backend: string;
  /** milliseconds of the timed probe run; Infinity where the backend failed */
  ms: number;
}

/** Times `probe` (after one untimed run that compiles kernels) on each candidate; leaves the fastest set. */
export async function pickBackend(candidates: string[], probe: () => Promise<void>): Promise<{ backend: string; timings: BackendTiming[] }> {
  const timings: BackendTiming[] = [];
  for (const backend of candidates) {
    let ms = Infinity;
    try {
      if (await tf.setBackend(backend)) {
        await tf.ready();
        await probe();
        const t0 = performance.now();
        await probe();
        ms = performance.now() - t0;
      }
    } catch {
      ms = Infinity; // e.g. a kernel the backend lacks
    }
    timings.push({ backend, ms });
  }
  const best = timings.reduce((a, b) => (b.ms < a.ms ? b : a), { backend: 'cpu', ms: Infinity });
  await tf.setBackend(best.backend);
  await tf.ready();
  return { backend: best.backend, timings };
}
