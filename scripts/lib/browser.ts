// Benchmarks drive the test build (production code plus the window test API,
// src/core/testBuild.ts) in the system Chromium, served by a tiny static server
// (with or without the cross-origin isolation headers).
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/browser';

const DIST = resolve('dist-bench');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };

/** Newest modification time of any file under a directory (ms). */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((t, e) => Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs), 0);
}

/** Builds the test build into dist-bench unless one newer than every source file is there. */
export function ensureBuild(): void {
  const index = join(DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(newest('src'), newest('public'))) return;
  execFileSync('npx', ['vite', 'build', '--mode', 'e2e', '--outDir', DIST], { stdio: 'inherit' });
}

export function serveDist(port: number, isolated: boolean): Promise<Server> {
  const server = createServer((req, res) => {
    const path = join(DIST, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = existsSync(path) && statSync(path).isFile() ? path : join(DIST, 'index.html');
    const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' };
    if (isolated) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(port, '127.0.0.1', () => r(server)));
}

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

/** Pauses feature extraction (the header's button), as a person would: the ingest alone runs. */
export async function pauseFeatures(page: Page): Promise<void> {
  const pause = page.getByTestId('features-pause');
  if ((await pause.getAttribute('aria-pressed')) !== 'true') await pause.click();
  await pause.and(page.locator('[aria-pressed=true]')).waitFor();
}

/** Adds a file (the only one in the library) and waits until its dense pass has ended: done, partial or error. */
export async function addAndAwaitDecoded(page: Page, file: string, timeout: number): Promise<Locator> {
  await page.getByTestId('add-videos').setInputFiles(file);
  const row = page.locator('[data-testid=video-row]');
  await row.and(page.locator('[data-status=done], [data-status=partial], [data-status=error]')).waitFor({ timeout });
  return row;
}

/** Loads the served app in `page` and waits until its library is open. */
export async function openApp(page: Page, port: number): Promise<void> {
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('[data-testid=app][data-ready=true]');
}
