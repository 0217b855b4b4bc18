// The only place the page creates workers (workers that workers start: spawnInWorker.ts). Vite needs the literal
// `new Worker(new URL(...), { type: 'module' })` form to bundle them.
export const spawnIngestWorker = (): Worker =>
  new Worker(new URL('../stages/ingest/ingest.worker.ts', import.meta.url), { type: 'module', name: 'ingest' });

export const spawnFeaturesWorker = (): Worker =>
  new Worker(new URL('../stages/features/features.worker.ts', import.meta.url), { type: 'module', name: 'features' });

export const spawnProjectionWorker = (): Worker =>
  new Worker(new URL('../stages/projection/projection.worker.ts', import.meta.url), { type: 'module', name: 'projection' });

export const spawnMapWorker = (): Worker =>
  new Worker(new URL('../stages/map/map.worker.ts', import.meta.url), { type: 'module', name: 'map' });

export const spawnPosterWorker = (): Worker =>
  new Worker(new URL('../stages/poster/poster.worker.ts', import.meta.url), { type: 'module', name: 'poster' });

export const spawnSearchWorker = (): Worker =>
  new Worker(new URL('../stages/search/search.worker.ts', import.meta.url), { type: 'module', name: 'search' });

export const spawnShareWorker = (): Worker =>
  new Worker(new URL('../stages/share/share.worker.ts', import.meta.url), { type: 'module', name: 'share' });

export const spawnPublishWorker = (): Worker =>
  new Worker(new URL('../stages/share/publish.worker.ts', import.meta.url), { type: 'module', name: 'publish' });

export const spawnClustersWorker = (): Worker =>
  new Worker(new URL('../stages/clusters/clusters.worker.ts', import.meta.url), { type: 'module', name: 'clusters' });

export const spawnDetectWorker = (): Worker =>
  new Worker(new URL('../stages/detect/detect.worker.ts', import.meta.url), { type: 'module', name: 'detect' });
