// Is there a WebGPU adapter, and is it a real GPU? Asked inside workers (the
// features and projection workers each decide their backend from it). A
// software adapter (SwiftShader) runs at CPU speed and counts as no GPU.
export interface GpuProbe {
  /** a WebGPU adapter was granted */
  adapter: boolean;
  /** the adapter is a software implementation (SwiftShader): CPU speed */
  fallback: boolean;
  description: string;
}

interface AdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

export async function probeGpu(): Promise<GpuProbe> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return { adapter: false, fallback: false, description: '' };
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown GPU';
  const fallback = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || /swiftshader/i.test(description);
  return { adapter: true, fallback, description };
}
