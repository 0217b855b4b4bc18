// Reads a published atlas from the folder the viewer is served from: the
// description, coordinates and frame times at once; the search index (the
// largest file) on the first search.
import { decodeHalfs } from '../core/float16';
import { ATLAS_JSON, COORDS_FILE, INDEX_FILE, parsePublished, TIMES_FILE, type PublishedAtlas } from '../stages/share/publishFormat';

export interface LoadedAtlas {
  atlas: PublishedAtlas;
  /** layout x, y per row */
  coords: Float32Array;
  /** seconds into its video, per row */
  times: Float32Array;
}

async function bytes(path: string): Promise<ArrayBuffer> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path} is missing from this folder (HTTP ${res.status})`);
  return res.arrayBuffer();
}

export async function loadAtlas(): Promise<LoadedAtlas> {
  const res = await fetch(ATLAS_JSON);
  if (!res.ok) throw new Error(`this folder holds no published Frame Atlas (${ATLAS_JSON}: HTTP ${res.status})`);
  const atlas = parsePublished(await res.json());
  const [coords, times] = await Promise.all([bytes(COORDS_FILE), bytes(TIMES_FILE)]);
  if (coords.byteLength !== atlas.frames * 8 || times.byteLength !== atlas.frames * 4) throw new Error('the coordinates or times do not match atlas.json: the folder is damaged');
  return { atlas, coords: new Float32Array(coords), times: new Float32Array(times) };
}

/** The search index's unit rows, float16 on disk. */
export async function loadIndex(atlas: PublishedAtlas): Promise<Float32Array> {
  const dim = atlas.index?.dim ?? 0;
  const buf = await bytes(INDEX_FILE);
  if (!dim || buf.byteLength !== atlas.frames * dim * 2) throw new Error('the search index does not match atlas.json');
  return decodeHalfs(new Uint16Array(buf));
}
