// Browser glue for the installable, offline app (vite.config.ts `offline`):
// registers the service worker, and says once when a start runs a new build.

const TEST_FLAG = 'frame-atlas-offline';
const BUILD_KEY = 'frame-atlas-build';

/**
 * Registers the service worker that precaches the app. The test build does so only when a test asks (localStorage
 * `frame-atlas-offline` = `on`): every test's fresh profile would otherwise download the whole app into its cache.
 */
export function registerOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  if (__TEST_API__ && localStorage.getItem(TEST_FLAG) !== 'on') return;
  navigator.serviceWorker
    .register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL })
    .catch((e: unknown) => console.warn('offline use unavailable:', e));
}

/** The notice for a start on a new build (a service worker that waited took over), once; null otherwise. */
export function updatedNotice(): string | null {
  try {
    const last = localStorage.getItem(BUILD_KEY);
    localStorage.setItem(BUILD_KEY, __BUILD_ID__);
    return last && last !== __BUILD_ID__ ? 'Frame Atlas was updated: this is the new version.' : null;
  } catch {
    return null; // storage refused: no notice is better than an error
  }
}
