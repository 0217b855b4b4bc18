export { FrameReader } from './frameReader';
export { removeVideoFiles, storedVideoIds, storageFigures, requestPersistence, type StorageFigures } from './opfs';
export * from './libraryStore';
