// Public face of the grid stage: the cell assignment shared by the map and the poster.
export { assignGrid, cellKey, cellOfPoint, cellsIn, keyCell, pointAt, type GridCell, type GridLevel } from './gridAssign';
