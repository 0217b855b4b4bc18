// Messages between the clusters client and clusters.worker.
import type { Endpoint } from '../../rpc/workerRpc';
import type { ClusterModel } from './clustering';

export interface RowsRequest {
  /** unit rows of the search index, `dim` values each */
  rows: Float32Array;
  dim: number;
}

export type ClustersProtocol = {
  /** fits groups on sample rows; the worker keeps the model for `assign` */
  fit: Endpoint<RowsRequest, { model: ClusterModel; ms: number }, never>;
  /** a stored model, to place further rows into its groups */
  use: Endpoint<{ model: ClusterModel }, null, never>;
  /** each row's finest group (-1: noise) under the model last fitted or used */
  assign: Endpoint<RowsRequest, { groups: Int32Array }, never>;
};
