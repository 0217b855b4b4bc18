// Which inference backend and which model to use, and why (shown to the user).
import type { GpuProbe } from '../../core/gpuProbe';
export type BackendSetting = 'auto' | 'webgpu' | 'wasm';
export type Backend = 'webgpu' | 'wasm';
export type { GpuProbe };

export interface Choice<T> {
  value: T;
  reason: string;
}

export function chooseBackend(setting: BackendSetting, gpu: GpuProbe): Choice<Backend> {
  if (setting === 'wasm') return { value: 'wasm', reason: 'WebAssembly chosen in settings' };
  if (setting === 'webgpu') {
    return gpu.adapter
      ? { value: 'webgpu', reason: `WebGPU chosen in settings (${gpu.description}${gpu.fallback ? ', software adapter' : ''})` }
      : { value: 'wasm', reason: 'WebGPU chosen in settings but this browser has no WebGPU adapter: using WebAssembly' };
  }
  if (!gpu.adapter) return { value: 'wasm', reason: 'no WebGPU adapter: WebAssembly on the CPU' };
  if (gpu.fallback) return { value: 'wasm', reason: `the WebGPU adapter is a software one (${gpu.description}), no faster than the CPU: WebAssembly` };
  return { value: 'webgpu', reason: `WebGPU on ${gpu.description}` };
}

/** "auto": the big model on a real GPU, the small one on the CPU. */
export function chooseModel(setting: string, backend: Choice<Backend>, gpu: GpuProbe, available: readonly string[]): Choice<string> {
  if (setting !== 'auto' && available.includes(setting)) return { value: setting, reason: 'chosen in settings' };
  const onGpu = backend.value === 'webgpu' && !gpu.fallback;
  if (onGpu) {
    const big = available.includes('xception') ? 'xception' : 'inceptionv3';
    return { value: big, reason: 'a hardware GPU runs the larger model' };
  }
  return { value: 'mobilenetv2', reason: 'no hardware GPU: the small model keeps ingest fast' };
}
