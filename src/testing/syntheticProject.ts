// A synthetic project for the map benchmark: videos whose frames are drawn
// images (numbered, hue by video) and a layout of random walks, written to the
// same stores the real pipeline uses, so a reload opens it like any project.
import { asVideoId, type VideoId } from '../core/ids';
import { DEFAULT_PARAMS } from '../stages/ingest';
import type { LayoutMeta } from '../stages/projection';
import { saveLayout, saveRecord, saveSetting, writeFramePack } from '../storage';
import type { VideoRecord } from '../state/videoRecord';

export interface SyntheticRequest {
  videos: number;
  framesPerVideo: number;
  /** model id the layout is stored under (the current feature model) */
  model: string;
  /** distinct images drawn; frames reuse them in turn */
  distinct?: number;
  seed?: number;
}

const W = 534, H = 300;

async function drawImages(n: number): Promise<Uint8Array[]> {
  const canvas = new OffscreenCanvas(W, H);
  const ctx = canvas.getContext('2d')!;
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const hue = (i * 137.5) % 360;
    const g = ctx.createLinearGradient(0, 0, W, H);
    g.addColorStop(0, `hsl(${hue} 60% 35%)`);
    g.addColorStop(1, `hsl(${(hue + 60) % 360} 70% 60%)`);
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = '#fff';
    ctx.font = 'bold 120px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(i), W / 2, H / 2);
    out.push(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/webp', quality: 0.7 })).arrayBuffer()));
  }
  return out;
}

function random(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

export async function seedSyntheticProject(req: SyntheticRequest): Promise<{ frames: number; bytes: number }> {
  const rnd = random(req.seed ?? 1);
  const images = await drawImages(req.distinct ?? 97);
  const coords = new Float32Array(2 * req.videos * req.framesPerVideo);
  const layoutVideos: LayoutMeta['videos'] = [];
  let bytes = 0;
  for (let k = 0; k < req.videos; k++) {
    const id: VideoId = asVideoId(Array.from({ length: 24 }, () => Math.floor(rnd() * 16).toString(16)).join(''));
    const name = `synthetic-${String(k).padStart(4, '0')}.mp4`;
    const frames = Array.from({ length: req.framesPerVideo }, (_, i) => images[(k * 31 + i) % images.length]!);
    const times = Float64Array.from({ length: req.framesPerVideo }, (_, i) => (i * 20) / 30);
    await writeFramePack(id, frames, times);
    const size = frames.reduce((s, f) => s + f.byteLength, 0);
    bytes += size;
    // A random walk inside the unit disc: a video drifts through a region, like real footage.
    let x = (rnd() * 2 - 1) * 0.8, y = (rnd() * 2 - 1) * 0.8;
    for (let i = 0; i < req.framesPerVideo; i++) {
      x = Math.max(-1, Math.min(1, x + (rnd() - 0.5) * 0.04));
      y = Math.max(-1, Math.min(1, y + (rnd() - 0.5) * 0.04));
      const r = 2 * (k * req.framesPerVideo + i);
      coords[r] = x;
      coords[r + 1] = y;
    }
    const record: VideoRecord = {
      id, name, folder: null, size, lastModified: 0, fingerprint: id, addedAt: Date.now() + k, params: DEFAULT_PARAMS, status: 'done',
      reason: null, errorCode: null, probe: null, expectedFrames: req.framesPerVideo, frames: req.framesPerVideo, bytes: size,
      thumbWidth: W, thumbHeight: H, decodeSeconds: 0,
    };
    await saveRecord(id, record);
    layoutVideos.push({ id, name, frames: req.framesPerVideo, label: null });
  }
  const n = req.videos * req.framesPerVideo;
  const meta: LayoutMeta = {
    name: `current-${req.model}`, model: req.model, dim: 0, method: 'pca', videos: layoutVideos, frames: n, pcaDim: 0, retained: 0, scale: 1, stretch: null,
    quality: { k: 10, queries: 0, trustworthiness: 0, continuity: 0, recall: 0, labelAccuracy: null }, sameVideo: 0, losses: [], epochs: 0, seed: req.seed ?? 1,
    codeStd: 0, weights: { reconstruction: 0, activity: 0, triplet: 0 }, backend: 'synthetic', seconds: 0, createdAt: Date.now(),
  };
  await saveLayout(meta.name, meta, coords, null);
  await saveSetting('atlas', null);
  return { frames: n, bytes };
}
