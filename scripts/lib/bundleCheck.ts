// What the main thread loads from a Vite build, and whether an engine (tfjs,
// onnxruntime-web, ffmpeg.wasm, h5wasm) got into it. Pure: the CLI is
// scripts/check-bundle.ts. Workers are reached through `new URL(…)`, never an
// import, so following imports from index.html stays on the main thread.
import { join, posix } from 'node:path';

/**
 * Strings each engine's code carries after minification (kernel names, error
 * messages, file names), never written by this app. Every engine must show up
 * through at least one of them in the build's worker code (assertMarkersSeen),
 * so a marker that an upgrade removed fails loudly instead of passing silently.
 */
export const ENGINE_MARKERS: Record<string, string[]> = {
  tfjs: ['_FusedMatMul', 'tfjsflags', 'tfjs-layers'],
  'onnxruntime-web': ['createInferenceSessionHandler', '_OrtInit', "Can't initialize onnxruntime"],
  'ffmpeg.wasm': ['createFFmpegCore', '/ffmpeg-core', 'ffmpeg is not loaded'],
  h5wasm: ['H5Fopen', 'h5wasm'],
  human: ['run:description', 'Get Face'],
};

/** Engines whose markers occur in `code`, with the markers found. */
export function enginesIn(code: string): { engine: string; markers: string[] }[] {
  return Object.entries(ENGINE_MARKERS).flatMap(([engine, markers]) => {
    const found = markers.filter((m) => code.includes(m));
    return found.length ? [{ engine, markers: found }] : [];
  });
}

const Q = '[`"\']';
const STATIC_IMPORT = new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*)${Q}([^\`"']+\\.js)${Q}`, 'g');
const DYNAMIC_IMPORT = new RegExp(`\\bimport\\s*\\(\\s*${Q}([^\`"']+\\.js)${Q}\\s*\\)`, 'g');
/** Vite lists a dynamic import's chunks (relative to the base) in `__vite__mapDeps`. */
const MAP_DEPS = /__vite__mapDeps[\s\S]*?\[([^\]]*)\]/g;

/** Chunk paths (relative to the build folder) that a chunk imports statically and lazily. */
export function chunkImports(code: string, chunk: string): { static: string[]; lazy: string[] } {
  const resolve = (spec: string) => (spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(chunk), spec)) : spec.replace(/^\//, ''));
  const all = (re: RegExp) => [...code.matchAll(re)].map((m) => resolve(m[1]!));
  const lazy = all(DYNAMIC_IMPORT);
  for (const m of code.matchAll(MAP_DEPS)) for (const s of m[1]!.matchAll(/[`"']([^`"']+\.js)[`"']/g)) lazy.push(resolve(s[1]!));
  const isLazy = new Set(lazy);
  return { static: [...new Set(all(STATIC_IMPORT))].filter((p) => !isLazy.has(p)), lazy: [...isLazy] };
}

/** The entry scripts and preloaded modules that index.html names, relative to the build folder. */
export function htmlEntries(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const tag = m[0];
    const isModule = /\btype=["']module["']/.test(tag) || /\brel=["']modulepreload["']/.test(tag);
    const src = /\b(?:src|href)=["']([^"']+\.js)["']/.exec(tag)?.[1];
    if (isModule && src && !/^[a-z]+:/i.test(src)) out.push(src.replace(/^\.?\//, ''));
  }
  return out;
}

export interface MainThreadChunks {
  /** loaded before the app starts: the entry and what it imports statically */
  initial: string[];
  /** imported later by main-thread code (import()) */
  lazy: string[];
}

/** Walks the main thread's chunks from index.html; `read` gives a chunk's code by its path in the build folder. */
export function mainThreadChunks(html: string, read: (path: string) => string): MainThreadChunks {
  const initial = new Set<string>();
  const lazy = new Set<string>();
  const visit = (path: string, isLazy: boolean) => {
    if (initial.has(path) || (isLazy && lazy.has(path))) return;
    if (isLazy) lazy.add(path);
    else {
      lazy.delete(path);
      initial.add(path);
    }
    const deps = chunkImports(read(path), path);
    for (const d of deps.static) visit(d, isLazy);
    for (const d of deps.lazy) visit(d, true);
  };
  for (const e of htmlEntries(html)) visit(e, false);
  return { initial: [...initial], lazy: [...lazy] };
}

/** A path in the build folder as a file path. */
export const inBuild = (outDir: string, path: string): string => join(outDir, ...path.split('/'));
