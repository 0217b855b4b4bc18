// Writes and reads project bundles off the main thread (docs/BUNDLE.md).
// Export streams every project file through a CRC into the archive, never
// holding a file whole. Import reads the archive twice: first to check it
// whole (each header, size and CRC against the manifest, which comes last),
// then, only if all of it is sound, to restore an empty library or merge the
// videos a library lacks.
import { concat } from '../../core/concat';
import { crc32 } from '../../core/crc32';
import { AppError, isQuotaError } from '../../core/errors';
import { serve } from '../../rpc/workerRpc';
import { clearMetadata, listProjectFiles, projectFileWriter, readMetadata, removeProjectFolders, writeMetadata } from '../../storage';
import {
  BUNDLE_FORMAT, BUNDLE_VERSION, decodeKv, encodeKv, HEAD_PATH, headProblem, KV_PATH, MANIFEST_PATH, manifestProblem, mergePlan, OPFS_PREFIX, safePath, travels,
  type BundleHead, type ManifestEntry,
} from './bundleFormat';
import { BLOCK, padding, readTarHeader, tarEnd, tarHeader, TarError } from './tar';
import type { BundleProgress, ShareProtocol } from './share.protocol';

const enc = new TextEncoder();
const dec = new TextDecoder();
/** progress events at most this often */
const TICK_MS = 200;

const bad = (why: string) => new AppError('bad-bundle', 'share', `This file cannot be imported: ${why}. Nothing was changed.`);

function ticker(phase: BundleProgress['phase'], total: number, emit: (p: BundleProgress) => void) {
  let last = 0;
  return (done: number, force = false) => {
    const now = performance.now();
    if (force || now - last > TICK_MS) {
      last = now;
      emit({ phase, done, total });
    }
  };
}

/** Streams a blob's bytes through `each`, in the chunks the browser reads. */
async function eachChunk(blob: Blob, each: (chunk: Uint8Array) => Promise<void> | void): Promise<number> {
  const reader = blob.stream().getReader();
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.length;
    await each(value);
  }
}

serve<ShareProtocol>('share', {
  async exportBundle({ file }, emit) {
    const t0 = performance.now();
    const kv = await readMetadata();
    const records = kv.filter(([k]) => k.startsWith('video:')).map(([, v]) => v as { frames?: number });
    const head: BundleHead = {
      format: BUNDLE_FORMAT, version: BUNDLE_VERSION, createdAt: Date.now(), videos: records.length, frames: records.reduce((s, r) => s + (r.frames ?? 0), 0),
    };
    const files = await listProjectFiles(travels);
    const sized = await Promise.all(files.map(async (f) => ({ ...f, blob: await f.handle.getFile() })));
    const kvBytes = enc.encode(encodeKv(kv));
    const total = sized.reduce((s, f) => s + f.blob.size, kvBytes.length);
    const tick = ticker('writing', total, emit);
    const out = await file.createWritable({ keepExistingData: false });
    const seen: ManifestEntry[] = [];
    let done = 0, bytes = 0;
    const put = async (chunk: Uint8Array) => {
      await out.write(chunk as Uint8Array<ArrayBuffer>);
      bytes += chunk.length;
    };
    const entry = async (path: string, size: number, body: (add: (chunk: Uint8Array) => Promise<void>) => Promise<void>) => {
      await put(tarHeader({ path, size }, Date.now() / 1000));
      let crc = 0, n = 0;
      await body(async (chunk) => {
        crc = crc32(chunk, crc);
        n += chunk.length;
        await put(chunk);
        done += chunk.length;
        tick(done);
      });
      // A file that changed while it was read would leave the archive unreadable: stop with a clear message.
      if (n !== size) throw new AppError('storage', 'share', `${path} changed while it was exported; try again once nothing is running`);
      await put(new Uint8Array(padding(size)));
      seen.push({ path, size, crc32: crc });
    };
    const small = (path: string, data: Uint8Array) => entry(path, data.length, (add) => add(data));
    try {
      await small(HEAD_PATH, enc.encode(JSON.stringify(head)));
      await small(KV_PATH, kvBytes);
      for (const f of sized) await entry(OPFS_PREFIX + f.path, f.blob.size, (add) => eachChunk(f.blob, add).then(() => undefined));
      const manifest = { entries: seen.filter((e) => e.path !== HEAD_PATH) };
      await small(MANIFEST_PATH, enc.encode(JSON.stringify(manifest)));
      await put(tarEnd());
      await out.close();
    } catch (e) {
      await out.abort().catch(() => undefined);
      if (isQuotaError(e)) throw new AppError('quota', 'share', 'The disk is full: the bundle could not be written. Free some space and export again.');
      throw e;
    }
    tick(done, true);
    return { bytes, videos: head.videos, frames: head.frames, parts: seen.length, seconds: (performance.now() - t0) / 1000 };
  },

  async importBundle({ file }, emit) {
    const t0 = performance.now();
    if (file.size < 3 * BLOCK) throw bad(file.size ? 'it is too short to be a bundle' : 'it is empty');
    // Pass 1: the whole archive checked; the head, metadata and manifest kept.
    const check = ticker('checking', file.size, emit);
    const entries: { path: string; size: number; at: number }[] = [];
    const seen: ManifestEntry[] = [];
    let headText = '', kvText = '', manifestText = '';
    let at = 0;
    try {
      for (;;) {
        if (at + BLOCK > file.size) throw bad('it ends before its last part (the file is truncated)');
        const h = readTarHeader(new Uint8Array(await file.slice(at, at + BLOCK).arrayBuffer()));
        if (!h) break;
        if (!entries.length && h.path !== HEAD_PATH) throw bad('it is not a Frame Atlas bundle');
        if (!safePath(h.path)) throw bad(`it holds a part with an unsafe name (${h.path})`);
        const start = at + BLOCK;
        if (start + h.size > file.size) throw bad('it ends inside a part (the file is truncated)');
        const text = h.path === HEAD_PATH || h.path === KV_PATH || h.path === MANIFEST_PATH;
        if (text && h.path !== KV_PATH && h.size > 1 << 24) throw bad(`its ${h.path} is implausibly large`);
        const chunks: Uint8Array[] = [];
        let crc = 0, pos = start;
        await eachChunk(file.slice(start, start + h.size), (c) => {
          crc = crc32(c, crc);
          if (text) chunks.push(c.slice());
          check((pos += c.length));
        });
        if (text) {
          const s = dec.decode(concat(Uint8Array, chunks));
          if (h.path === HEAD_PATH) headText = s;
          else if (h.path === KV_PATH) kvText = s;
          else manifestText = s;
        }
        entries.push({ path: h.path, size: h.size, at: start });
        seen.push({ path: h.path, size: h.size, crc32: crc });
        at = start + h.size + padding(h.size);
        check(at);
        if (h.path === HEAD_PATH) {
          const why = headProblem(JSON.parse(headText) as unknown);
          if (why) throw bad(why);
        }
      }
    } catch (e) {
      if (e instanceof TarError) throw bad(entries.length ? `part ${entries.length + 1} is damaged (${e.message})` : 'it is not a Frame Atlas bundle');
      if (e instanceof SyntaxError) throw bad('its description is damaged');
      throw e;
    }
    if (!manifestText) throw bad('its manifest is missing (the file is truncated or not a bundle)');
    const why = manifestProblem(seen, JSON.parse(manifestText) as unknown);
    if (why) throw bad(why);
    let kv: [string, unknown][];
    try {
      kv = decodeKv(kvText);
    } catch (e) {
      throw bad(`its metadata is damaged (${e instanceof Error ? e.message : String(e)})`);
    }

    // Pass 2: restore an empty library whole; into one with videos, merge the videos it lacks.
    const local = await readMetadata();
    const localVideos = new Set(local.flatMap(([k]) => (k.startsWith('video:') ? [k.slice('video:'.length)] : [])));
    const localModels = new Set((await listProjectFiles((p) => p.startsWith('models/'))).map((f) => f.path.slice('models/'.length)));
    const mode = localVideos.size ? 'merge' : 'restore';
    const plan = mode === 'merge' ? mergePlan(kv, localVideos, localModels) : null;
    const files = entries.filter((e) => e.path.startsWith(OPFS_PREFIX) && travels(e.path.slice(OPFS_PREFIX.length)) && (!plan || plan.files(e.path.slice(OPFS_PREFIX.length))));
    const total = files.reduce((s, e) => s + e.size, 0);
    const write = ticker('importing', total, emit);
    let done = 0;
    try {
      if (mode === 'restore') {
        // The empty library's settings and caches go; the bundle's come in their place.
        await removeProjectFolders(['videos', 'layouts', 'models', 'tiles']);
        await clearMetadata();
      }
      for (const e of files) {
        const w = await projectFileWriter(e.path.slice(OPFS_PREFIX.length));
        try {
          await eachChunk(file.slice(e.at, e.at + e.size), async (c) => {
            await w.write(c as Uint8Array<ArrayBuffer>);
            done += c.length;
            write(done);
          });
          await w.close();
        } catch (err) {
          await w.abort().catch(() => undefined);
          throw err;
        }
      }
      // Metadata last: a record makes its video part of the library only once its files are in.
      await writeMetadata(plan ? plan.kv : kv);
    } catch (e) {
      if (isQuotaError(e)) throw new AppError('quota', 'share', 'The disk filled up during the import: free some space and import again (videos not fully written were left out).');
      throw e;
    }
    write(done, true);
    const videos = kv.filter(([k]) => k.startsWith('video:')).length;
    return {
      mode, videos, added: plan ? plan.added.length : videos, duplicates: plan ? plan.duplicates.length : 0, bytes: file.size, seconds: (performance.now() - t0) / 1000,
    };
  },
});
