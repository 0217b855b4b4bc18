// Test videos, generated with the system ffmpeg (never committed). Each entry
// knows how many frames it has, so tests can assert sampled counts exactly.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKerasH5, type H5Module } from '../src/stages/features/convert/h5Weights';
import { syntheticWeights } from '../src/stages/features/convert/testing';
import { xceptionLayers, xceptionWeightShapes } from '../src/stages/features/convert/xceptionTopology';
import { availablePhotos, PHOTO_PACKAGES } from '../scripts/lib/photos';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '.fixtures');

export interface VideoFixture {
  name: string;
  path: string;
  frames: number;
  fps: number;
  width: number;
  height: number;
}

interface Spec {
  name: string;
  source: string;
  fps: number;
  seconds: number;
  width: number;
  height: number;
  codec: string[];
}

// Three containers and codecs, 10–15 s, different picture sizes and rates.
const SPECS: Spec[] = [
  { name: 'city-h264.mp4', source: 'testsrc2', fps: 30, seconds: 12, width: 1280, height: 720, codec: ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '60'] },
  { name: 'bars-vp9.webm', source: 'testsrc', fps: 25, seconds: 10, width: 640, height: 360, codec: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '800k'] },
  { name: 'tiles-mpeg4.avi', source: 'rgbtestsrc', fps: 24, seconds: 15, width: 854, height: 480, codec: ['-c:v', 'mpeg4', '-q:v', '5'] },
];

// Long enough (about 10 s to decode here) to cancel or reload mid-decode.
const LONG: Spec = { name: 'long-h264.mkv', source: 'testsrc2', fps: 30, seconds: 60, width: 1280, height: 720, codec: ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '60'] };

const fixture = (s: Spec): VideoFixture => ({
  name: s.name, path: join(FIXTURE_DIR, s.name), frames: s.fps * s.seconds, fps: s.fps, width: s.width, height: s.height,
});

export const GOOD_VIDEOS: VideoFixture[] = SPECS.map(fixture);
export const LONG_VIDEO: VideoFixture = fixture(LONG);

/** Xception weights with Keras' exact layer names and shapes, random values (no real weights ship on npm). */
export const SYNTHETIC_XCEPTION = join(FIXTURE_DIR, 'xception_weights_tf_dim_ordering_tf_kernels_notop.h5');

export const BAD = {
  text: join(FIXTURE_DIR, 'notes-not-a-video.mp4'),
  empty: join(FIXTURE_DIR, 'empty.mp4'),
  truncated: join(FIXTURE_DIR, 'truncated-h264.mp4'),
};
/** The truncated file's complete original has this many frames. */
export const TRUNCATED_FULL_FRAMES = 30 * 20;

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'inherit' });
}

function make(s: Spec, out: string): void {
  const src = `${s.source}=size=${s.width}x${s.height}:rate=${s.fps}:duration=${s.seconds}`;
  ffmpeg(['-f', 'lavfi', '-i', src, '-frames:v', String(s.fps * s.seconds), ...s.codec, out]);
}

export async function ensureXceptionFixture(): Promise<void> {
  if (existsSync(SYNTHETIC_XCEPTION)) return;
  const h5wasm = await import('h5wasm/node');
  await h5wasm.ready;
  const order = xceptionLayers().map((l) => l.name);
  writeKerasH5(h5wasm as unknown as H5Module, SYNTHETIC_XCEPTION, order, syntheticWeights(xceptionWeightShapes(), 1));
}

export function ensureFixtures(): void {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const s of [...SPECS, LONG]) {
    const out = join(FIXTURE_DIR, s.name);
    if (!existsSync(out) || statSync(out).size === 0) make(s, out);
  }
  if (!existsSync(BAD.text)) writeFileSync(BAD.text, 'These are meeting notes, not a video.\n'.repeat(200));
  if (!existsSync(BAD.empty)) writeFileSync(BAD.empty, '');
  if (!existsSync(BAD.truncated)) {
    // moov at the front (faststart), then cut the file in half: the first
    // half of the frames decode, the rest is missing.
    const full = join(FIXTURE_DIR, 'full-for-truncation.mp4');
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=20', '-frames:v', String(TRUNCATED_FULL_FRAMES),
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '30', '-movflags', '+faststart', full]);
    const bytes = readFileSync(full);
    writeFileSync(BAD.truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  }
}

// Search: "travel" slideshows of real photographs, each photo panned across for
// SCENE_SECONDS and then cut to the next, so the videos change all the time and
// the cuts are known exactly. Clips cut from them with distortions are the queries.
export const SCENE_SECONDS = 4;
const SCENES_PER_VIDEO = 4;
const SEARCH_FPS = 25;

export interface SearchVideo extends VideoFixture {
  /** start times of the scenes (the cuts), seconds */
  cuts: number[];
  photos: string[];
}

export const SEARCH_VIDEOS: SearchVideo[] = ['travel-a.mp4', 'travel-b.mp4', 'travel-c.mp4'].map((name) => ({
  name, path: join(FIXTURE_DIR, name), frames: SEARCH_FPS * SCENE_SECONDS * SCENES_PER_VIDEO, fps: SEARCH_FPS, width: 640, height: 360,
  cuts: Array.from({ length: SCENES_PER_VIDEO }, (_, i) => i * SCENE_SECONDS),
  photos: [],
}));

function makeSlideshow(v: SearchVideo, photos: string[]): void {
  const inputs = photos.flatMap((p) => ['-loop', '1', '-framerate', String(SEARCH_FPS), '-t', String(SCENE_SECONDS), '-i', p]);
  // Cover 1280×720, then a 60 % window panning left to right (diagonally down for odd scenes).
  const chains = photos.map((_, i) => `[${i}:v]scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720,`
    + `crop=w=768:h=432:x='(iw-ow)*t/${SCENE_SECONDS}':y='${i % 2 ? `(ih-oh)*t/${SCENE_SECONDS}` : '(ih-oh)/2'}',scale=640:360,setsar=1,fps=${SEARCH_FPS}[v${i}]`);
  const graph = `${chains.join(';')};${photos.map((_, i) => `[v${i}]`).join('')}concat=n=${photos.length}:v=1[out]`;
  ffmpeg([...inputs, '-filter_complex', graph, '-map', '[out]', '-frames:v', String(v.frames), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '50', v.path]);
}

/** The search videos (made once); each gets SCENES_PER_VIDEO different photographs. */
export function ensureSearchVideos(): SearchVideo[] {
  const photos = availablePhotos();
  const need = SEARCH_VIDEOS.length * SCENES_PER_VIDEO;
  if (photos.length < need) throw new Error(`the search tests need ${need} photographs from Debian's ${PHOTO_PACKAGES} (found ${photos.length}): apt-get install ${PHOTO_PACKAGES}`);
  mkdirSync(FIXTURE_DIR, { recursive: true });
  SEARCH_VIDEOS.forEach((v, k) => {
    v.photos = photos.slice(k * SCENES_PER_VIDEO, (k + 1) * SCENES_PER_VIDEO);
    if (!existsSync(v.path) || statSync(v.path).size === 0) makeSlideshow(v, v.photos);
  });
  return SEARCH_VIDEOS;
}

export type Distortion = 'low-bitrate' | 'half-size' | 'brighter' | 'cropped';
export const DISTORTIONS: Distortion[] = ['low-bitrate', 'half-size', 'brighter', 'cropped'];

/** A clip of `seconds` from `start`, re-encoded with one distortion, as a user's copy might be. */
export function makeClip(source: string, start: number, seconds: number, distortion: Distortion, out: string): void {
  const filters: Record<Distortion, string[]> = {
    'low-bitrate': ['-b:v', '60k', '-maxrate', '60k', '-bufsize', '120k'],
    'half-size': ['-vf', 'scale=iw/2:ih/2', '-crf', '26'],
    'brighter': ['-vf', 'eq=brightness=0.1', '-crf', '26'],
    'cropped': ['-vf', 'crop=iw*0.95:ih*0.95', '-crf', '26'],
  };
  ffmpeg(['-ss', start.toFixed(3), '-i', source, '-t', seconds.toFixed(3), ...filters[distortion], '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-an', out]);
}
