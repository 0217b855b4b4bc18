// Public face of the grid stage: the cell assignment shared by the map and the poster.
export { assignGrid, cellKey, cellsIn, keyCell, type GridCell, type GridLevel } from './gridAssign';
