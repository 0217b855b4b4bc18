// Groups frames off the main thread: HDBSCAN on a sample is O(m²), and placing
// every frame is a pass over all of them against the sample.
import { AppError } from '../../core/errors';
import { serve, Transfer } from '../../rpc/workerRpc';
import { assignRows, fitClusters, type ClusterModel } from './clustering';
import type { ClustersProtocol, RowsRequest } from './clusters.protocol';

let model: ClusterModel | null = null;

serve<ClustersProtocol>('clusters', {
  fit({ rows, dim }: RowsRequest) {
    const t0 = performance.now();
    model = fitClusters(rows, dim);
    // Copies go back: the worker keeps its own model to place rows with.
    const out = { ...model, sample: model.sample.slice(), sampleGroup: model.sampleGroup.slice(), core: model.core.slice() };
    return new Transfer({ model: out, ms: performance.now() - t0 }, [out.sample.buffer, out.sampleGroup.buffer, out.core.buffer]);
  },
  use(req: { model: ClusterModel }) {
    model = req.model;
    return null;
  },
  assign({ rows, dim }: RowsRequest) {
    if (!model) throw new AppError('internal', 'clusters', 'no groups fitted yet');
    const groups = assignRows(model, rows, dim);
    return new Transfer({ groups }, [groups.buffer]);
  },
});
