// Public face of the map stage.
export { TilesClient } from './tiles.client';
export type { TileDraw } from './tiles.protocol';
export * from './mapGeometry';
export { farthestSet, pathDistance, pathDistances, thinPath } from './videoPaths';
export { pointsInside, rectPolygon, type Polygon } from './regionSelect';
export { PointIndex } from './pointIndex';
