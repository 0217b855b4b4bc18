// Writes a whole frame pack and its index at once from the main thread (the
// ingest worker appends frame by frame instead). Used to build synthetic
// projects for the map benchmark; the layout on disk is the same.
import type { VideoId } from '../core/ids';
import { encodeRecord, INDEX_RECORD_BYTES } from './frameIndex';
import { INDEX_FILE, PACK_FILE, videoDir } from './opfs';

export async function writeFramePack(id: VideoId, images: Uint8Array[], times: ArrayLike<number>): Promise<void> {
  const dir = await videoDir(id, true);
  const pack = await (await dir.getFileHandle(PACK_FILE, { create: true })).createWritable();
  const index = new Uint8Array(images.length * INDEX_RECORD_BYTES);
  let offset = 0;
  for (const [i, img] of images.entries()) {
    index.set(encodeRecord(offset, img.byteLength, times[i]!), i * INDEX_RECORD_BYTES);
    await pack.write(img as Uint8Array<ArrayBuffer>);
    offset += img.byteLength;
  }
  await pack.close();
  const ix = await (await dir.getFileHandle(INDEX_FILE, { create: true })).createWritable();
  await ix.write(index);
  await ix.close();
}
