// Loads the ffmpeg.wasm core inside our own worker. We drive the core
// directly rather than through @ffmpeg/ffmpeg's wrapper worker so that
// ffmpeg's output can stream, synchronously, into an OPFS sync access handle
// (see docs/decisions/0002-ffmpeg-core-in-our-worker.md). All assets come from
// our own origin: the app works offline.
import stCoreURL from '@ffmpeg/core?url';
import stWasmURL from '@ffmpeg/core/wasm?url';
import mtCoreURL from '@ffmpeg/core-mt?url';
import mtWasmURL from '@ffmpeg/core-mt/wasm?url';
import mtWorkerURL from '@ffmpeg/core-mt/worker?url';

/** The part of Emscripten's FS we use. */
export interface EmscriptenFS {
  mkdir(path: string): void;
  mount(type: unknown, opts: unknown, mountpoint: string): void;
  unmount(mountpoint: string): void;
  readFile(path: string, opts: { encoding: 'utf8' }): string;
  unlink(path: string): void;
  analyzePath(path: string): { exists: boolean };
  makedev(major: number, minor: number): number;
  registerDevice(dev: number, ops: DeviceOps): void;
  mkdev(path: string, dev: number): void;
  filesystems: Record<string, unknown>;
  ErrnoError: new (errno: number) => Error;
}

export interface DeviceOps {
  open(stream: unknown): void;
  close(stream: unknown): void;
  read(stream: unknown, buffer: Uint8Array, offset: number, length: number, pos: number): number;
  write(stream: unknown, buffer: Uint8Array, offset: number, length: number, pos: number): number;
}

export interface FFmpegCore {
  FS: EmscriptenFS;
  exec(...args: string[]): void;
  ffprobe(...args: string[]): void;
  ret: number;
  reset(): void;
  setLogger(fn: (l: { type: string; message: string }) => void): void;
}

export interface LoadedCore {
  core: FFmpegCore;
  multiThreaded: boolean;
  threads: number;
}

type CreateCore = (opts: { mainScriptUrlOrBlob: string }) => Promise<FFmpegCore>;

/** Multi-threaded core when SharedArrayBuffer is usable (crossOriginIsolated), else single-threaded. */
export async function loadCore(): Promise<LoadedCore> {
  const multiThreaded = self.crossOriginIsolated && typeof SharedArrayBuffer === 'function';
  const coreURL = new URL(multiThreaded ? mtCoreURL : stCoreURL, self.location.href).href;
  const wasmURL = new URL(multiThreaded ? mtWasmURL : stWasmURL, self.location.href).href;
  const workerURL = new URL(mtWorkerURL, self.location.href).href;
  const mod = (await import(/* @vite-ignore */ coreURL)) as { default: CreateCore };
  // The core's locateFile reads these URLs from the fragment (its own convention).
  const core = await mod.default({ mainScriptUrlOrBlob: `${coreURL}#${btoa(JSON.stringify({ wasmURL, workerURL }))}` });
  const threads = multiThreaded ? Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2)) : 1;
  return { core, multiThreaded, threads };
}
