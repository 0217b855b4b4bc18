// Which tfjs backend trains the autoencoder: measured, not guessed. The
// candidates are WebGPU on a hardware adapter, WebGL unless it renders in
// software (SwiftShader, llvmpipe: slower than the CPU it runs on), and
// tfjs' WebAssembly backend (XNNPACK, SIMD; single-threaded, core/tfjsWasm.ts:
// the autoencoder's layers, ≤ 256 wide in batches of 256, gain little from
// threads), which is what most machines without a real GPU get. Each runs a few
// real training batches; the fastest wins.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import '../../core/tfjsWasm';

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
