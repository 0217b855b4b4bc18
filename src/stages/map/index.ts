// Public face of the map stage.
export { TilesClient } from './map.client';
export type { Encoding, TileDraw } from './map.protocol';
export * from './mapGeometry';
export { farthestSet, pathDistance, pathDistances, thinPath } from './videoPaths';
export { pointsInside, rectPolygon, type Polygon } from './regionSelect';
export { PointIndex } from './pointIndex';
export { buildMapData, layoutRecords, type MapData, type ThumbRecord } from './mapData';
export { DrawnTiles, type DrawnCell, type TileIndex } from './drawnTiles';
export * from './mapView';
export * from './videoFilter';
