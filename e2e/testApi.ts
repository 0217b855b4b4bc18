// The app's test API seen from Node: one type (src/testing/testApi.ts, present
// only in the test build) and one way to call it, for specs and benchmarks.
// `testApi(page).videos()` runs `window.__frameAtlas.videos()` in the page.
import type { Page } from '@playwright/test';
import type { TestApi } from '../src/testing/testApi';

export type { FrameInfo, MapCell, MapState, PosterCells, TestApi } from '../src/testing/testApi';

declare global {
  interface Window {
    __frameAtlas: TestApi;
  }
}

/** Each method of T, called across the page boundary: arguments and results are serialised. */
export type Remote<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export function testApi(page: Page): Remote<TestApi> {
  return new Proxy({} as Remote<TestApi>, {
    get: (_, name: string) =>
      (...args: unknown[]) =>
        page.evaluate(([n, a]) => (window.__frameAtlas[n as keyof TestApi] as (...x: unknown[]) => unknown)(...a), [name, args] as const),
  });
}
