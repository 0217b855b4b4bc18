// Public face of the search stage.
export { cosineTopK, normalizeRows, row, type Neighbour } from './cosineKnn';
