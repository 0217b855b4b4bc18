// Workers that a worker starts (nested workers), apart from spawn.ts so that a worker bundle importing this does
// not build every other worker into itself. Vite needs the literal `new Worker(new URL(...))` form.
export const spawnThumbnailWorker = (): Worker =>
  new Worker(new URL('../stages/ingest/thumbnail.worker.ts', import.meta.url), { type: 'module', name: 'thumbnail' });
