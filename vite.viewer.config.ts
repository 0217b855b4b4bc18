// The published atlas's viewer (src/viewer/), built on its own: relative paths (`base: './'`) so it runs from any
// folder of any static host, and no COOP/COEP, workers or engines. Its output lands in public/viewer/ (not
// committed), which the app's build copies and the publisher packs, listed in files.json.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const OUT = 'public/viewer';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** files.json: every file of the viewer, for the publisher to copy. */
function fileList(): Plugin {
  return {
    name: 'frame-atlas:viewer-files',
    closeBundle() {
      const files = listFiles(OUT).map((p) => relative(OUT, p).split('\\').join('/')).filter((p) => p !== 'files.json').sort();
      writeFileSync(join(OUT, 'files.json'), JSON.stringify(files));
    },
  };
}

export default defineConfig({
  root: 'src/viewer',
  base: './',
  publicDir: 'public',
  define: { __TEST_API__: 'false' },
  plugins: [fileList()],
  build: { outDir: '../../' + OUT, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0, chunkSizeWarningLimit: 2000, reportCompressedSize: false },
  logLevel: 'warn',
});
