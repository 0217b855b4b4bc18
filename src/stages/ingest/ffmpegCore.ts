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
  /** Emscripten's thread pool (the multi-threaded core only) */
  PThread?: { terminateAllThreads(): void };
}

export interface LoadedCore {
  core: FFmpegCore;
  multiThreaded: boolean;
  threads: number;
}

type Receive = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;
type CreateCore = (opts: { mainScriptUrlOrBlob: string; instantiateWasm(imports: WebAssembly.Imports, receive: Receive): object }) => Promise<FFmpegCore>;

/** The compiled wasm of each build, kept: a fresh core (coreRecycler.ts) instantiates it instead of compiling 32 MB again. */
const compiled = new Map<string, Promise<WebAssembly.Module>>();

function compiledWasm(url: string): Promise<WebAssembly.Module> {
  let m = compiled.get(url);
  if (!m) {
    m = WebAssembly.compileStreaming(fetch(url)).catch(() => fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)));
    // A failed compile is not kept: the next load tries again.
    m.catch(() => compiled.delete(url));
    compiled.set(url, m);
  }
  return m;
}

/** Multi-threaded core when SharedArrayBuffer is usable (crossOriginIsolated), else single-threaded. */
export async function loadCore(): Promise<LoadedCore> {
  const multiThreaded = self.crossOriginIsolated && typeof SharedArrayBuffer === 'function';
  const coreURL = new URL(multiThreaded ? mtCoreURL : stCoreURL, self.location.href).href;
  const wasmURL = new URL(multiThreaded ? mtWasmURL : stWasmURL, self.location.href).href;
  const workerURL = new URL(mtWorkerURL, self.location.href).href;
  const mod = (await import(/* @vite-ignore */ coreURL)) as { default: CreateCore };
  let failed!: (e: unknown) => void;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const core = await Promise.race([
    mod.default({
      // The core's locateFile reads these URLs from the fragment (its own convention).
      mainScriptUrlOrBlob: `${coreURL}#${btoa(JSON.stringify({ wasmURL, workerURL }))}`,
      instantiateWasm(imports, receive) {
        compiledWasm(wasmURL).then((m) => WebAssembly.instantiate(m, imports).then((i) => receive(i, m))).catch(failed);
        return {};
      },
    }),
    failure,
  ]);
  const threads = multiThreaded ? Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2)) : 1;
  return { core, multiThreaded, threads };
}

/** Ends a core's threads (their workers hold its 1 GB of shared memory); the core is not used again. */
export function disposeCore(lc: LoadedCore): void {
  lc.core.PThread?.terminateAllThreads();
}
