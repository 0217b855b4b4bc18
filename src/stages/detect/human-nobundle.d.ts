/* eslint-disable @typescript-eslint/no-restricted-imports -- types only: this file declares the module the worker helper imports */
// Human's tfjs-free build has no types entry in its package's exports: it is the same API as the bundled one.
declare module '@vladmandic/human/dist/human.esm-nobundle.js' {
  export * from '@vladmandic/human';
}
