/** True only in the test build (`vite build --mode e2e`): see src/core/testBuild.ts. */
declare const __TEST_API__: boolean;
/** Names the build (its time): a start on another build than the last one says the app was updated. */
declare const __BUILD_ID__: string;
