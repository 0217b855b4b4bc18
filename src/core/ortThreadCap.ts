// The most threads onnxruntime-web's WebAssembly may use in this page: one per core (16 at most) under cross-origin
// isolation, the calling thread alone without it (no SharedArrayBuffer). Read by the workers that run it and by the
// features queue that decides how many of them an extraction gets.
export const ortThreadCap = (): number =>
  globalThis.crossOriginIsolated ? Math.max(1, Math.min(16, globalThis.navigator?.hardwareConcurrency || 1)) : 1;
