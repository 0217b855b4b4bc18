/** True only in the test build (`vite build --mode e2e`): see src/core/testBuild.ts. */
declare const __TEST_API__: boolean;
