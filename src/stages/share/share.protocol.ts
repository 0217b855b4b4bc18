// Messages between the share client and share.worker: a project bundle
// written into a file, or read from one (checked whole before anything changes).
import type { Endpoint } from '../../rpc/workerRpc';

export interface BundleProgress {
  phase: 'writing' | 'checking' | 'importing';
  /** bytes done of `total` */
  done: number;
  total: number;
}

export interface ExportResult {
  bytes: number;
  videos: number;
  frames: number;
  parts: number;
  seconds: number;
}

export interface ImportResult {
  /** `restore`: the library was empty and is now the bundle's project; `merge`: its videos were added */
  mode: 'restore' | 'merge';
  videos: number;
  /** videos added (merge) */
  added: number;
  /** videos the library had already (merge) */
  duplicates: number;
  bytes: number;
  seconds: number;
}

export type ShareProtocol = {
  /** writes the whole project into `file` (an OPFS export file or one the user picked) */
  exportBundle: Endpoint<{ file: FileSystemFileHandle }, ExportResult, BundleProgress>;
  /** checks a bundle whole (head, every part's size and CRC, the manifest), then restores or merges it */
  importBundle: Endpoint<{ file: File }, ImportResult, BundleProgress>;
};
