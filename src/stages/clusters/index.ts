// Public face of the clusters stage: groups of frames in feature space, their labels on the map and their exports.
export { ClustersClient } from './clusters.client';
export { CLUSTER_DIMS, lineage, MAX_SAMPLE, type ClusterModel, type Group } from './clustering';
export { membershipCsv, membershipJson, summarizeGroups, type GroupStrip, type GroupSummary, type MembershipVideo } from './groupSummary';
export { labelLevel, placeLabels, type LabelBox, type LabelGroup } from './labelPlacement';
export { carryNames, groupsByRow, MISSING } from './groupRows';
