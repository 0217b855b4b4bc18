// Messages between the publisher (main thread) and publish.worker: a ZIP
// written part by part into a file. The main thread draws (map worker) and
// decides what goes in; this worker only checksums and writes.
import type { Endpoint } from '../../rpc/workerRpc';

export type PublishProtocol = {
  /** starts a ZIP in `file` (an OPFS export file): nothing is kept unless `end` is reached */
  begin: Endpoint<{ file: FileSystemFileHandle }, void, never>;
  /** one part, stored whole under `path` */
  add: Endpoint<{ path: string; data: Blob }, { bytes: number }, never>;
  /** writes the central directory and closes the file */
  end: Endpoint<null, { bytes: number; entries: number }, never>;
};
