// Writes a published atlas's ZIP (zip.ts) into an OPFS file as its parts arrive.
// The file is a writable stream: until `end` closes it nothing is committed, so
// a cancelled or failed publish (the worker terminated) leaves no half archive.
import { concat } from '../../core/concat';
import { crc32 } from '../../core/crc32';
import { AppError, isQuotaError } from '../../core/errors';
import { serve } from '../../rpc/workerRpc';
import type { PublishProtocol } from './publish.protocol';
import { centralDirectory, localHeader, type ZipEntry } from './zip';

let out: FileSystemWritableFileStream | null = null;
let entries: ZipEntry[] = [];
let offset = 0;
const started = Date.now();
/** Parts arrive several at once (the publisher keeps a few in flight); each is written whole, in turn. */
let queue: Promise<unknown> = Promise.resolve();
const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
  const next = queue.then(work);
  queue = next.catch(() => undefined);
  return next;
};

function need(): FileSystemWritableFileStream {
  if (!out) throw new Error('publish: no archive begun');
  return out;
}

/**
 * Bytes not yet written: each write to an OPFS file is a round trip to the browser process, and a published atlas
 * is tens of thousands of small parts, so they go out in batches of about 4 MiB.
 */
let pending: Uint8Array[] = [];
let pendingBytes = 0;
const BATCH = 4 * 2 ** 20;

function put(bytes: Uint8Array): void {
  pending.push(bytes);
  pendingBytes += bytes.length;
  offset += bytes.length;
}

async function flush(): Promise<void> {
  if (!pendingBytes) return;
  const chunk = concat(Uint8Array, pending);
  pending = [];
  pendingBytes = 0;
  try {
    await need().write(chunk as Uint8Array<ArrayBuffer>);
  } catch (e) {
    if (isQuotaError(e)) throw new AppError('quota', 'share', 'The disk is full: the published atlas could not be written. Free some space, or publish fewer videos or levels.');
    throw e;
  }
}

serve<PublishProtocol>('share', {
  async begin({ file }) {
    await out?.abort();
    out = await file.createWritable({ keepExistingData: false });
    entries = [];
    offset = 0;
    pending = [];
    pendingBytes = 0;
  },

  async add({ path, data }) {
    const bytes = new Uint8Array(await data.arrayBuffer());
    const crc = crc32(bytes);
    return inTurn(async () => {
      const e: ZipEntry = { path, size: bytes.length, crc, offset };
      put(localHeader(e, started));
      put(bytes);
      entries.push(e);
      if (pendingBytes >= BATCH) await flush();
      return { bytes: bytes.length };
    });
  },

  end: () =>
    inTurn(async () => {
      put(centralDirectory(entries, offset, started));
      await flush();
      await need().close();
      out = null;
      return { bytes: offset, entries: entries.length };
    }),
});
