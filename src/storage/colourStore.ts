// Dominant colours per video: videos/<id>/colours.f32, one fixed-size palette
// per frame in frame order (computed once from the stored thumbnails; they do
// not depend on the feature model). Written whole when a video is done.
import type { VideoId } from '../core/ids';
import { videoDir } from './opfs';

const FILE = 'colours.f32';

export async function readColours(id: VideoId): Promise<Float32Array | null> {
  try {
    const dir = await videoDir(id, false);
    return new Float32Array(await (await (await dir.getFileHandle(FILE)).getFile()).arrayBuffer());
  } catch {
    return null;
  }
}

export async function writeColours(id: VideoId, palettes: Float32Array): Promise<void> {
  const dir = await videoDir(id, true);
  const w = await (await dir.getFileHandle(FILE, { create: true })).createWritable();
  await w.write(new Uint8Array(palettes.buffer, palettes.byteOffset, palettes.byteLength) as Uint8Array<ArrayBuffer>);
  await w.close();
}
