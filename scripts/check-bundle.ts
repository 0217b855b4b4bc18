// `npm run check:bundle [-- <build folder>]` after `vite build`: the main thread's
// code stays small and engine-free (tfjs, onnxruntime-web, ffmpeg.wasm and h5wasm
// run only in workers; eslint.config.js guards the imports, this the result).
// Fails when the initial main-thread chunks exceed the budget, when any
// main-thread chunk carries an engine's code, or when an engine's markers are
// found nowhere in the build (the check could no longer see that engine).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ENGINE_MARKERS, enginesIn, inBuild, mainThreadChunks } from './lib/bundleCheck';

/** Budgets for what the main thread loads before the app starts (minified and gzip), with headroom. */
const BUDGET_KB = 1200;
const BUDGET_GZIP_KB = 340;

const outDir = process.argv[2] ?? 'dist';
if (!existsSync(inBuild(outDir, 'index.html'))) {
  console.error(`check-bundle: no ${outDir}/index.html: run \`vite build\` first`);
  process.exit(1);
}
const read = (path: string) => readFileSync(inBuild(outDir, path), 'utf8');
const { initial, lazy } = mainThreadChunks(read('index.html'), read);
const failures: string[] = [];

const initialCode = Buffer.concat(initial.map((p) => readFileSync(inBuild(outDir, p))));
const kb = initialCode.length / 1000;
const gzipKb = gzipSync(initialCode, { level: 9 }).length / 1000;
console.log(`main thread: ${initial.join(', ')}: ${kb.toFixed(1)} kB, ${gzipKb.toFixed(1)} kB gzip (budget ${BUDGET_KB} kB, ${BUDGET_GZIP_KB} kB gzip)`);
if (lazy.length) console.log(`main thread, loaded later: ${lazy.join(', ')}`);
if (kb > BUDGET_KB) failures.push(`the main thread's initial code is ${kb.toFixed(1)} kB, over the ${BUDGET_KB} kB budget`);
if (gzipKb > BUDGET_GZIP_KB) failures.push(`the main thread's initial code is ${gzipKb.toFixed(1)} kB gzip, over the ${BUDGET_GZIP_KB} kB budget`);

for (const chunk of [...initial, ...lazy]) {
  for (const { engine, markers } of enginesIn(read(chunk))) failures.push(`${chunk} (main thread) contains ${engine} (${markers.join(', ')}): import it only in a worker`);
}

// The markers must still find each engine somewhere in the build (in its workers), or the check above is blind.
const scripts = readdirSync(inBuild(outDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
const seen = new Set(scripts.flatMap((p) => enginesIn(read(p)).map((e) => e.engine)));
for (const engine of Object.keys(ENGINE_MARKERS)) {
  if (!seen.has(engine)) failures.push(`no chunk of the build contains ${engine} by its markers (${ENGINE_MARKERS[engine]!.join(', ')}): update ENGINE_MARKERS in scripts/lib/bundleCheck.ts`);
}
console.log(`engines found in the build: ${[...seen].join(', ')}`);

for (const f of failures) console.error(`check-bundle: ${f}`);
process.exit(failures.length ? 1 : 0);
