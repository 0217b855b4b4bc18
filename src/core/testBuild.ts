// The test build (`vite build --mode e2e`) carries the window test API and the
// benchmark handlers; a production build has none of them. `__TEST_API__` is a
// build-time constant (vite.config.ts `define`), so `__TEST_API__ ? bench : notInThisBuild`
// folds away in production and the bench code, with all it imports, is dropped.
import { AppError, type Stage } from './errors';

/** The handler a production worker serves in place of a benchmark. */
export function notInThisBuild(stage: Stage): () => never {
  return () => {
    throw new AppError('internal', stage, 'benchmarks run only in the test build (vite build --mode e2e)');
  };
}
