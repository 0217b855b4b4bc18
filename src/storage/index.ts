export { FrameReader, FrameReaderCache } from './frameReader';
export { writeFramePack } from './frameImport';
export { keepOnlyTiles, readTile, writeTile } from './tileCache';
export { newExportFile, removeExportFile } from './exportStore';
export { opfsAvailable, removeVideoFiles, storedVideoIds, storageFigures, requestPersistence, type StorageFigures } from './opfs';
export * from './libraryStore';
export { featureCount, readFeatures, removeFeatureFiles } from './featureStore';
export { saveModelFile, readModelFile, listModelFiles } from './modelStore';
export { saveLayout, loadLayout, loadLayoutModel, removeLayout, promoteLayout, clearTrainingMark, finishPromotion, markTraining, readTrainingMark } from './layoutStore';
