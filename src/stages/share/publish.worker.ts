// Writes a published atlas's ZIP (zip.ts) into an OPFS file as its parts arrive.
// The file is a writable stream: until `end` closes it nothing is committed, so
// a cancelled or failed publish (the worker terminated) leaves no half archive.
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

async function write(bytes: Uint8Array): Promise<void> {
  try {
    await need().write(bytes as Uint8Array<ArrayBuffer>);
  } catch (e) {
    if (isQuotaError(e)) throw new AppError('quota', 'share', 'The disk is full: the published atlas could not be written. Free some space, or publish fewer videos or levels.');
    throw e;
  }
  offset += bytes.length;
}

serve<PublishProtocol>('share', {
  async begin({ file }) {
    await out?.abort();
    out = await file.createWritable({ keepExistingData: false });
    entries = [];
    offset = 0;
  },

  async add({ path, data }) {
    const bytes = new Uint8Array(await data.arrayBuffer());
    const crc = crc32(bytes);
    return inTurn(async () => {
      const e: ZipEntry = { path, size: bytes.length, crc, offset };
      await write(localHeader(e, started));
      await write(bytes);
      entries.push(e);
      return { bytes: bytes.length };
    });
  },

  end: () =>
    inTurn(async () => {
      await write(centralDirectory(entries, offset, started));
      await need().close();
      out = null;
      return { bytes: offset, entries: entries.length };
    }),
});
