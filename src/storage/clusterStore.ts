// A layout's groups of frames: /layouts/<name>.clusters beside the layout's
// other files (removed and promoted with them). "FACL", header length (u32
// LE), a JSON header padded to 4 bytes, then float32 sample rows, float32
// core distances, int32 sample groups and int32 frame groups (each video's
// frames in header order). Written whole; a damaged or foreign file reads as
// none, and the groups are computed again.
const MAGIC = [0x46, 0x41, 0x43, 0x4c]; // "FACL"

export interface StoredGroup {
  id: number;
  parent: number;
  children: number[];
  name: string;
  /** index of the group's typical frame in the sample */
  typical: number;
  /** that frame: layout video id and frame index */
  icon?: [string, number];
  /** the name was given by the user (kept across a retrain) */
  custom?: boolean;
}

export interface StoredClusters {
  /** `createdAt` of the layout training the groups were computed for */
  trained: number;
  dim: number;
  minClusterSize: number;
  groups: StoredGroup[];
  /** whose frames `frameGroups` holds, in order */
  videos: { id: string; frames: number }[];
  sample: Float32Array;
  core: Float32Array;
  sampleGroup: Int32Array;
  frameGroups: Int32Array;
}

type Header = Omit<StoredClusters, 'sample' | 'core' | 'sampleGroup' | 'frameGroups'> & { samples: number };

export function encodeClusters(c: StoredClusters): Uint8Array {
  const m = c.sampleGroup.length;
  const header: Header = { trained: c.trained, dim: c.dim, minClusterSize: c.minClusterSize, groups: c.groups, videos: c.videos, samples: m };
  let json = JSON.stringify(header);
  while ((8 + json.length) % 4) json += ' ';
  const head = new TextEncoder().encode(json);
  const body = 8 + head.length;
  const out = new Uint8Array(body + 4 * (c.sample.length + c.core.length + m + c.frameGroups.length));
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  let at = body;
  for (const part of [c.sample, c.core, c.sampleGroup, c.frameGroups]) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  return out;
}

export function decodeClusters(bytes: ArrayBuffer): StoredClusters | null {
  const b = new Uint8Array(bytes);
  if (b.length < 8 || !MAGIC.every((x, i) => b[i] === x)) return null;
  try {
    const len = new DataView(bytes).getUint32(4, true);
    const h = JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + len))) as Header;
    const frames = h.videos.reduce((s, v) => s + v.frames, 0);
    let at = 8 + len;
    const take = <T extends Float32Array | Int32Array>(make: (buf: ArrayBuffer) => T, count: number): T => {
      const part = make(bytes.slice(at, at + 4 * count));
      at += 4 * count;
      if (part.length !== count) throw new Error('short');
      return part;
    };
    return {
      trained: h.trained, dim: h.dim, minClusterSize: h.minClusterSize, groups: h.groups, videos: h.videos,
      sample: take((x) => new Float32Array(x), h.samples * h.dim),
      core: take((x) => new Float32Array(x), h.samples),
      sampleGroup: take((x) => new Int32Array(x), h.samples),
      frameGroups: take((x) => new Int32Array(x), frames),
    };
  } catch {
    return null;
  }
}

async function layoutsDir(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle('layouts', { create: true });
}

export async function saveClusters(layout: string, c: StoredClusters): Promise<void> {
  const w = await (await (await layoutsDir()).getFileHandle(`${layout}.clusters`, { create: true })).createWritable();
  await w.write(encodeClusters(c) as Uint8Array<ArrayBuffer>);
  await w.close();
}

export async function loadClusters(layout: string): Promise<StoredClusters | null> {
  try {
    const f = await (await (await layoutsDir()).getFileHandle(`${layout}.clusters`)).getFile();
    return decodeClusters(await f.arrayBuffer());
  } catch {
    return null;
  }
}
