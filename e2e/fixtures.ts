// Test videos, generated with the system ffmpeg (never committed). Each entry
// knows how many frames it has, so tests can assert sampled counts exactly.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  /** the decoder `auto` picks for it in system Chromium (H.264/VP9 in MP4, Matroska, MPEG-TS: WebCodecs) */
  decoder?: 'webcodecs' | 'ffmpeg';
}

interface Spec {
  name: string;
  source: string;
  fps: number;
  seconds: number;
  width: number;
  height: number;
  codec: string[];
  decoder: 'webcodecs' | 'ffmpeg';
}

// Three containers and codecs, 10–15 s, different picture sizes and rates.
const SPECS: Spec[] = [
  { name: 'city-h264.mp4', source: 'testsrc2', fps: 30, seconds: 12, width: 1280, height: 720, codec: ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '60'], decoder: 'webcodecs' },
  { name: 'bars-vp9.webm', source: 'testsrc', fps: 25, seconds: 10, width: 640, height: 360, codec: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '800k'], decoder: 'webcodecs' },
  { name: 'tiles-mpeg4.avi', source: 'rgbtestsrc', fps: 24, seconds: 15, width: 854, height: 480, codec: ['-c:v', 'mpeg4', '-q:v', '5'], decoder: 'ffmpeg' },
];

// Long enough (about 10 s to decode here) to cancel or reload mid-decode.
const LONG: Spec = { name: 'long-h264.mkv', source: 'testsrc2', fps: 30, seconds: 60, width: 1280, height: 720, codec: ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '60'], decoder: 'webcodecs' };

const fixture = (s: Spec): VideoFixture => ({
  name: s.name, path: join(FIXTURE_DIR, s.name), frames: s.fps * s.seconds, fps: s.fps, width: s.width, height: s.height, decoder: s.decoder,
});

export const GOOD_VIDEOS: VideoFixture[] = SPECS.map(fixture);

/**
 * Long enough for a first look (a drop of over 90 s) and for its map to come while the dense pass still decodes
 * (about 40 s here): 4 minutes of 720p, a key frame every 48 frames, colours turning with time.
 */
export const FILL_VIDEO: VideoFixture & { keyInterval: number } = {
  name: 'fill-h264.mp4', path: join(FIXTURE_DIR, 'fill-h264.mp4'), frames: 30 * 240, fps: 30, width: 1280, height: 720, decoder: 'webcodecs', keyInterval: 48,
};

export function ensureFillVideo(): VideoFixture & { keyInterval: number } {
  const v = FILL_VIDEO;
  return madeOnce(v, ['-f', 'lavfi', '-i', `testsrc2=size=${v.width}x${v.height}:rate=${v.fps}:duration=${v.frames / v.fps},hue=h=t*1.5`, '-frames:v', String(v.frames),
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', String(v.keyInterval), '-keyint_min', String(v.keyInterval), '-sc_threshold', '0', v.path]);
}

/** A fixture a spec makes for itself, with these ffmpeg arguments, when it is not there yet. */
function madeOnce<V extends { path: string }>(v: V, args: string[]): V {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  if (!existsSync(v.path) || statSync(v.path).size === 0) ffmpeg(args);
  return v;
}
export const LONG_VIDEO: VideoFixture = fixture(LONG);

/**
 * A file only ffmpeg.wasm reads, long enough for a first look: 2.5 minutes of MPEG-4 Part 2 in AVI with
 * B-frames (its packets carry no presentation times), a key frame every 50 frames.
 */
export const FILL_AVI: VideoFixture & { keyInterval: number } = {
  name: 'fill-mpeg4.avi', path: join(FIXTURE_DIR, 'fill-mpeg4.avi'), frames: 25 * 150, fps: 25, width: 426, height: 240, decoder: 'ffmpeg', keyInterval: 50,
};

export function ensureFillAvi(): VideoFixture & { keyInterval: number } {
  const v = FILL_AVI;
  return madeOnce(v, ['-f', 'lavfi', '-i', `testsrc2=size=${v.width}x${v.height}:rate=${v.fps},hue=h=t*2.4`, '-frames:v', String(v.frames),
    '-c:v', 'mpeg4', '-q:v', '5', '-bf', '2', '-g', String(v.keyInterval), v.path]);
}

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

/**
 * Files shaped like real cameras' and archives', each with the trait that broke or could break ingest.
 * `frames` is what the decoder produces (not what a header says); native ffmpeg is their oracle (differential.spec.ts).
 */
export interface RealWorldFixture extends VideoFixture {
  trait: string;
  /** display size after rotation and pixel aspect */
  displayWidth: number;
  displayHeight: number;
  make(out: string): void;
  /** throws when the made file lacks its trait (an ffmpeg that writes it differently) */
  check(out: string): void;
}

function probeJson(path: string, extra: string[] = []): { streams: Record<string, unknown>[] } {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', ...extra, '-select_streams', 'v:0', '-show_streams', '-of', 'json', path], { encoding: 'utf8' })) as { streams: Record<string, unknown>[] };
}

const x264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];

const REAL_WORLD_SPECS: Omit<RealWorldFixture, 'path'>[] = [
  {
    // An old camera's AVI: most index entries are empty "dropped frame" chunks (444 entries, 70 pictures,
    // irregular gaps), so the header's 15 fps and frame count say nothing about where pictures fall.
    name: 'vfr-cinepak.avi', trait: 'variable frame rate, empty AVI chunks', decoder: 'ffmpeg', fps: 15, frames: 70, width: 320, height: 240, displayWidth: 320, displayHeight: 240,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15:duration=30', '-vf', "select='lt(mod(n\\,13)\\,2)'",
      '-fps_mode', 'passthrough', '-c:v', 'cinepak', '-r', '15', out]),
    check: (out) => {
      const [s] = probeJson(out, ['-count_frames']).streams;
      if (Number(s!.nb_frames) === Number(s!.nb_read_frames)) throw new Error(`${out}: no empty chunks (nb_frames ${String(s!.nb_frames)} = nb_read_frames)`);
    },
  },
  {
    // A phone held upright: landscape pixels with a 90° display matrix.
    name: 'phone-rotated.mp4', trait: 'rotation side data', decoder: 'webcodecs', fps: 30, frames: 180, width: 1280, height: 720, displayWidth: 720, displayHeight: 1280,
    make: (out) => {
      const plain = `${out}.plain.mp4`;
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=6', ...x264, plain]);
      // Stream copy carries the tag into the display matrix (re-encoding would not, in ffmpeg 5).
      ffmpeg(['-i', plain, '-c', 'copy', '-metadata:s:v', 'rotate=90', out]);
      rmSync(plain);
    },
    check: (out) => {
      const rotation = (probeJson(out).streams[0]!.side_data_list as { rotation?: number }[] | undefined)?.find((d) => d.rotation !== undefined)?.rotation;
      if (Math.abs(rotation ?? 0) !== 90) throw new Error(`${out}: no 90° rotation side data`);
    },
  },
  {
    // PAL widescreen from a DVD or DV camera: 720×576 storage, 64:45 pixels, shown 16:9.
    name: 'anamorphic-pal.mkv', trait: 'non-square pixels (SAR 64:45)', decoder: 'webcodecs', fps: 25, frames: 200, width: 720, height: 576, displayWidth: 1024, displayHeight: 576,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=720x576:rate=25:duration=8', '-vf', 'setsar=64/45', ...x264, out]),
    check: (out) => {
      if (probeJson(out).streams[0]!.sample_aspect_ratio !== '64:45') throw new Error(`${out}: SAR is not 64:45`);
    },
  },
  {
    // Broadcast or tape archive: interlaced MPEG-2 in MPEG-TS (which starts its clock at 1.4 s).
    name: 'interlaced-mpeg2.ts', trait: 'interlaced, MPEG-TS start time', decoder: 'ffmpeg', fps: 25, frames: 200, width: 720, height: 576, displayWidth: 720, displayHeight: 576,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=720x576:rate=50:duration=8', '-vf', 'tinterlace=interleave_top,setfield=tff',
      '-c:v', 'mpeg2video', '-flags', '+ilme+ildct', '-top', '1', '-b:v', '4M', out]),
    check: (out) => {
      if (probeJson(out).streams[0]!.field_order !== 'tt') throw new Error(`${out}: not interlaced (top field first)`);
    },
  },
  {
    // A recording that starts on black (lens cap, fade-in) before the picture appears.
    name: 'leading-black.mp4', trait: 'leading black segment', decoder: 'webcodecs', fps: 25, frames: 200, width: 960, height: 540, displayWidth: 960, displayHeight: 540,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'color=black:size=960x540:rate=25:duration=3', '-f', 'lavfi', '-i', 'testsrc2=size=960x540:rate=25:duration=5',
      '-filter_complex', '[0:v][1:v]concat=n=2:v=1[v]', '-map', '[v]', ...x264, out]),
    check: () => undefined,
  },
  {
    // A phone or editor's cut: B-frames (decode order ≠ presentation order), variable frame rate (4 of every 7
    // frames, gaps between), and an edit list that starts the presentation 1.3 s in, inside a GOP: the 24
    // frames before it are decoded as references but never shown.
    name: 'edited-vfr.mp4', trait: 'B-frames, variable frame rate, edit list starting mid-GOP', decoder: 'webcodecs',
    fps: 30, frames: 114, width: 640, height: 360, displayWidth: 640, displayHeight: 360,
    make: (out) => {
      const vfr = `${out}.vfr.mp4`;
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=8', '-vf', "select='lt(mod(n\\,7)\\,4)'", '-fps_mode', 'vfr', ...x264, '-bf', '3', '-g', '48', vfr]);
      // Stream copy from 1.3 s keeps the GOP's start and writes an edit list (ffmpeg's mov muxer).
      ffmpeg(['-ss', '1.3', '-i', vfr, '-c', 'copy', out]);
      rmSync(vfr);
    },
    check: (out) => {
      const [s] = probeJson(out, ['-count_frames']).streams;
      if (!(Number(s!.has_b_frames) > 0)) throw new Error(`${out}: no B-frames`);
      if (!(Number(s!.nb_frames) > Number(s!.nb_read_frames))) throw new Error(`${out}: no edit list cutting frames (${String(s!.nb_frames)} packets, ${String(s!.nb_read_frames)} shown)`);
      if (s!.avg_frame_rate === s!.r_frame_rate) throw new Error(`${out}: constant frame rate`);
    },
  },
  {
    // A webcam, screen recorder or older phone: H.264 without B-frames (constrained baseline), a key frame every 2 s.
    // Only the packets after each GOP's last kept picture can be left out of the decoder.
    name: 'webcam-baseline.mp4', trait: 'no B-frames, a key frame every 2 s', decoder: 'webcodecs',
    fps: 30, frames: 240, width: 640, height: 360, displayWidth: 640, displayHeight: 360,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=8', ...x264, '-profile:v', 'baseline', '-g', '60', out]),
    check: (out) => {
      if (Number(probeJson(out).streams[0]!.has_b_frames) !== 0) throw new Error(`${out}: has B-frames`);
    },
  },
  {
    // A camera or broadcast encoder's open GOPs: each key frame (every 41 pictures) is followed in decode order by
    // pictures shown before it, which refer back into the previous GOP; every 20th kept, frame 40 is one of them.
    // Decoding may skip nothing of a GOP whose next key frame has such pictures.
    name: 'open-gop.mp4', trait: 'open GOPs: key frames with leading pictures', decoder: 'webcodecs',
    fps: 30, frames: 180, width: 640, height: 360, displayWidth: 640, displayHeight: 360,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=6', ...x264, '-x264-params', 'open-gop=1:keyint=41:min-keyint=41:scenecut=0', out]),
    check: (out) => {
      const packets = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts,flags', '-of', 'csv=p=0', out], { encoding: 'utf8' })
        .trim().split('\n').map((l) => l.split(','));
      const leading = packets.some(([pts, flags], i) => i > 0 && flags!.includes('K') && Number(packets[i + 1]?.[0]) < Number(pts));
      if (!leading) throw new Error(`${out}: no key frame with leading pictures`);
    },
  },
  {
    // Broadcast H.264 in MPEG-TS: the clock starts at 1.4 s (ffmpeg stores times from the start), B-frames.
    name: 'broadcast-h264.ts', trait: 'H.264 in MPEG-TS, start time 1.4 s', decoder: 'webcodecs',
    fps: 25, frames: 150, width: 640, height: 360, displayWidth: 640, displayHeight: 360,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=6', ...x264, '-bf', '2', '-g', '50', '-f', 'mpegts', out]),
    check: (out) => {
      if (!(Number(probeJson(out).streams[0]!.start_time) > 1)) throw new Error(`${out}: starts at 0`);
    },
  },
  {
    // An HD camera or phone: colour coded with the BT.709 matrix and tagged so (ffmpeg's own encodes are untagged
    // BT.601). Read as BT.601, greens and reds shift: luma PSNR against native fell to 21–24 dB by either decoder.
    name: 'phone-bt709.mp4', trait: 'BT.709 colour', decoder: 'webcodecs',
    fps: 30, frames: 120, width: 640, height: 360, displayWidth: 640, displayHeight: 360,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=4', '-vf', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p',
      ...x264, ...tags('bt709', 'bt709', 'bt709'), out]),
    check: (out) => checkColour(out, { color_space: 'bt709', color_range: 'tv' }),
  },
  {
    // An action camera or screen recorder: full-range (0–255) BT.709.
    name: 'action-cam-full-range.mp4', trait: 'full-range BT.709', decoder: 'webcodecs',
    fps: 30, frames: 120, width: 640, height: 360, displayWidth: 640, displayHeight: 360,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=4', '-vf', 'scale=out_color_matrix=bt709:out_range=pc,format=yuvj420p',
      '-c:v', 'libx264', '-preset', 'veryfast', ...tags('bt709', 'bt709', 'bt709'), '-color_range', 'pc', out]),
    check: (out) => checkColour(out, { color_space: 'bt709', color_range: 'pc' }),
  },
  {
    // HDR as phones upload it: VP9 profile 2, 10-bit, BT.2020 with the HLG curve. WebCodecs hands 10-bit planes;
    // drawn by the canvas they would be tone-mapped, which native ffmpeg does not do (luma PSNR ~27 dB).
    name: 'hdr-hlg-vp9.webm', trait: '10-bit HDR (BT.2020, HLG)', decoder: 'webcodecs',
    fps: 30, frames: 120, width: 640, height: 360, displayWidth: 640, displayHeight: 360,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=4', '-vf', 'scale=out_color_matrix=bt2020:out_range=tv,format=yuv420p10le',
      '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', ...tags('bt2020nc', 'bt2020', 'arib-std-b67'), out]),
    check: (out) => checkColour(out, { color_space: 'bt2020nc', color_transfer: 'arib-std-b67', pix_fmt: 'yuv420p10le' }),
  },
  {
    // An iPhone's HDR video: HEVC 10-bit, BT.2020 HLG, in QuickTime. This Chromium has no HEVC decoder: ffmpeg.wasm.
    name: 'iphone-hdr-hevc.mov', trait: 'HEVC 10-bit HDR in QuickTime', decoder: 'ffmpeg',
    fps: 30, frames: 90, width: 640, height: 360, displayWidth: 640, displayHeight: 360,
    make: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=3', '-vf', 'scale=out_color_matrix=bt2020:out_range=tv,format=yuv420p10le',
      '-c:v', 'libx265', '-tag:v', 'hvc1', '-preset', 'ultrafast', '-x265-params', 'log-level=error', ...tags('bt2020nc', 'bt2020', 'arib-std-b67'), out]),
    check: (out) => checkColour(out, { codec_name: 'hevc', color_space: 'bt2020nc', pix_fmt: 'yuv420p10le' }),
  },
];

/** ffmpeg's output options that tag a stream's colour: matrix, primaries, transfer. */
function tags(space: string, primaries: string, transfer: string): string[] {
  return ['-colorspace', space, '-color_primaries', primaries, '-color_trc', transfer];
}

/** Throws unless the file's video stream says what `want` says (ffprobe's names). */
function checkColour(out: string, want: Record<string, string>): void {
  const s = probeJson(out).streams[0]!;
  for (const [k, v] of Object.entries(want)) if (s[k] !== v) throw new Error(`${out}: ${k} is ${String(s[k])}, not ${v}`);
}

/**
 * An H.264 MP4 with one damaged packet mid-file (a non-key frame's NAL length made impossible): native ffmpeg
 * reports "Invalid NAL unit size" and decodes the other 299 frames; WebCodecs stops with a decode error, so
 * ingest starts the file again with ffmpeg.wasm.
 */
export const DAMAGED: VideoFixture & { damagedPacket: number } = {
  name: 'damaged-h264.mp4', path: join(FIXTURE_DIR, 'damaged-h264.mp4'), frames: 300, fps: 30, width: 640, height: 360, decoder: 'ffmpeg', damagedPacket: 150,
};

export function ensureDamagedFixture(): VideoFixture {
  if (existsSync(DAMAGED.path) && statSync(DAMAGED.path).size > 0) return DAMAGED;
  const clean = `${DAMAGED.path}.clean.mp4`;
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=10', ...x264, '-g', '60', clean]);
  const packets = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pos,flags', '-of', 'csv=p=0', clean], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.split(','));
  const [pos, flags] = packets[DAMAGED.damagedPacket]!;
  if (flags!.includes('K')) throw new Error(`${clean}: packet ${DAMAGED.damagedPacket} is a keyframe`);
  const bytes = readFileSync(clean);
  // The packet's first NAL unit length (AVCC, 4 bytes big-endian): far past the packet's end.
  bytes.writeUInt32BE(0xfffffff0, Number(pos));
  writeFileSync(DAMAGED.path, bytes);
  rmSync(clean);
  return DAMAGED;
}

export const REAL_WORLD: RealWorldFixture[] = REAL_WORLD_SPECS.map((f) => ({ ...f, path: join(FIXTURE_DIR, f.name) }));

export function ensureRealWorldFixtures(): RealWorldFixture[] {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const f of REAL_WORLD) {
    if (!existsSync(f.path) || statSync(f.path).size === 0) f.make(f.path);
    f.check(f.path);
  }
  return REAL_WORLD;
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

function makeSlideshow(v: VideoFixture, photos: string[], seconds = SCENE_SECONDS): void {
  const inputs = photos.flatMap((p) => ['-loop', '1', '-framerate', String(SEARCH_FPS), '-t', String(seconds), '-i', p]);
  // Cover 1280×720, then a 60 % window panning left to right (diagonally down for odd scenes).
  const chains = photos.map((_, i) => `[${i}:v]scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720,`
    + `crop=w=768:h=432:x='(iw-ow)*t/${seconds}':y='${i % 2 ? `(ih-oh)*t/${seconds}` : '(ih-oh)/2'}',scale=640:360,setsar=1,fps=${SEARCH_FPS}[v${i}]`);
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

// Groups: two slideshows that share scenes (the same photograph, panned the same way), so a scene is a group that
// spans both videos at known times. Photographs from the end of the list: the search videos use the first twelve.
export const GROUP_SCENE_SECONDS = 6;

export interface SceneVideo extends VideoFixture {
  /** which of the scene photographs each scene shows, in order */
  scenes: number[];
}

export const SCENE_VIDEOS: SceneVideo[] = [
  { name: 'scenes-a.mp4', scenes: [0, 1, 2] },
  { name: 'scenes-b.mp4', scenes: [2, 3, 0] },
].map((v) => ({ ...v, path: join(FIXTURE_DIR, v.name), frames: SEARCH_FPS * GROUP_SCENE_SECONDS * v.scenes.length, fps: SEARCH_FPS, width: 640, height: 360 }));

export function ensureSceneVideos(): SceneVideo[] {
  const photos = availablePhotos().slice(-4);
  if (photos.length < 4) throw new Error(`the group tests need photographs from Debian's ${PHOTO_PACKAGES}: apt-get install ${PHOTO_PACKAGES}`);
  mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const v of SCENE_VIDEOS) {
    if (!existsSync(v.path) || statSync(v.path).size === 0) makeSlideshow(v, v.scenes.map((k) => photos[k]!), GROUP_SCENE_SECONDS);
  }
  return SCENE_VIDEOS;
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

// Sound: videos that look the same (one test pattern) and differ only in what they sound like, in pairs of one
// kind (speech by espeak-ng, tones, noise), through both decoders and several audio codecs; one without a sound
// track and one whose track is digital silence.
export const SOUND_SECONDS = 10;
const SOUND_FPS = 25;

export type SoundKind = 'speech' | 'tone' | 'noise' | 'none' | 'silent';

export interface SoundVideo extends VideoFixture {
  kind: SoundKind;
  /** the decoder that reads its sound in system Chromium */
  audioDecoder: 'webcodecs' | 'ffmpeg' | null;
}

interface SoundSpec {
  name: string;
  kind: SoundKind;
  /** an espeak-ng sentence, or an ffmpeg lavfi audio source */
  speech?: { text: string; voice: string };
  lavfi?: string;
  video: string[];
  audio: string[];
  audioDecoder: SoundVideo['audioDecoder'];
}

const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '50'];
const SOUND_SPECS: SoundSpec[] = [
  { name: 'speech-a.mp4', kind: 'speech', speech: { text: 'The quick brown fox jumps over the lazy dog. Then it runs away into the forest, and nobody sees it again until the spring.', voice: 'en' }, video: H264, audio: ['-c:a', 'aac', '-b:a', '96k'], audioDecoder: 'webcodecs' },
  { name: 'speech-b.webm', kind: 'speech', speech: { text: 'Welcome to the evening news. Heavy rain is expected tomorrow in the north, with strong winds along the coast.', voice: 'en+f3' }, video: ['-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '500k'], audio: ['-c:a', 'libopus', '-b:a', '48k'], audioDecoder: 'webcodecs' },
  { name: 'tone-a.mp4', kind: 'tone', lavfi: 'sine=frequency=440:sample_rate=44100', video: H264, audio: ['-c:a', 'aac', '-b:a', '96k'], audioDecoder: 'webcodecs' },
  { name: 'tone-b.avi', kind: 'tone', lavfi: 'sine=frequency=587:sample_rate=22050', video: ['-c:v', 'mpeg4', '-q:v', '5'], audio: ['-c:a', 'pcm_s16le'], audioDecoder: 'ffmpeg' },
  { name: 'noise-a.mkv', kind: 'noise', lavfi: 'anoisesrc=color=white:amplitude=0.4:sample_rate=48000:seed=1', video: H264, audio: ['-c:a', 'libvorbis', '-q:a', '4'], audioDecoder: 'webcodecs' },
  { name: 'noise-b.mp4', kind: 'noise', lavfi: 'anoisesrc=color=pink:amplitude=0.6:sample_rate=48000:seed=2', video: H264, audio: ['-c:a', 'aac', '-b:a', '128k'], audioDecoder: 'webcodecs' },
  { name: 'no-sound.mp4', kind: 'none', video: H264, audio: [], audioDecoder: null },
  { name: 'silent.mp4', kind: 'silent', lavfi: 'anullsrc=sample_rate=48000:channel_layout=stereo', video: H264, audio: ['-c:a', 'aac'], audioDecoder: 'webcodecs' },
];

export const SOUND_VIDEOS: SoundVideo[] = SOUND_SPECS.map((s) => ({
  name: s.name, path: join(FIXTURE_DIR, s.name), frames: SOUND_FPS * SOUND_SECONDS, fps: SOUND_FPS, width: 320, height: 240, kind: s.kind, audioDecoder: s.audioDecoder,
}));

export function ensureSoundVideos(): SoundVideo[] {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  SOUND_SPECS.forEach((s, k) => {
    const v = SOUND_VIDEOS[k]!;
    if (existsSync(v.path) && statSync(v.path).size > 0) return;
    const picture = ['-f', 'lavfi', '-i', `testsrc=size=320x240:rate=${SOUND_FPS}:duration=${SOUND_SECONDS}`];
    let sound: string[] = [];
    if (s.speech) {
      // espeak-ng's sentence, repeated to fill the video
      const wav = join(FIXTURE_DIR, `${s.name}.wav`);
      execFileSync('espeak-ng', ['-v', s.speech.voice, '-s', '150', '-w', wav, s.speech.text]);
      sound = ['-stream_loop', '-1', '-i', wav];
    } else if (s.lavfi) sound = ['-f', 'lavfi', '-i', s.lavfi];
    ffmpeg([...picture, ...sound, '-map', '0:v', ...(sound.length ? ['-map', '1:a'] : []), '-t', String(SOUND_SECONDS), '-frames:v', String(v.frames), ...s.video, ...s.audio, v.path]);
  });
  return SOUND_VIDEOS;
}

/**
 * Photographs with known content, from Debian packages: scikit-image's sample data (python3-skimage, extracted
 * with `apt-get download` + `dpkg -x` where it is not installed: the package's Python dependencies are not needed)
 * and Debian's wallpapers. Content checked by eye: astronaut.png is a portrait of Eileen Collins (a person, her
 * face), camera.png a man filming with a tripod camera, motorcycle_left.png a motorcycle in a garage,
 * chelsea.png a cat's face, coffee.png a cup of coffee; GreenMeadow, Garden and goldfish hold no person.
 */
const SKIMAGE_DATA = 'usr/lib/python3/dist-packages/skimage/data';

export function skimagePhoto(name: string): string {
  const installed = join('/', SKIMAGE_DATA, name);
  if (existsSync(installed)) return installed;
  const root = join(FIXTURE_DIR, 'skimage');
  const extracted = join(root, SKIMAGE_DATA, name);
  if (!existsSync(extracted)) {
    mkdirSync(root, { recursive: true });
    // .ci/run does this first; here for a machine that did not run it (apt's lists must know the package)
    // .ci/run does this first; here for a machine that did not (apt's package lists must know python3-skimage)
    execFileSync('apt-get', ['download', 'python3-skimage'], { cwd: root, stdio: 'inherit' });
    const deb = readdirSync(root).find((f) => f.startsWith('python3-skimage_') && f.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download python3-skimage gave no package');
    execFileSync('dpkg', ['-x', join(root, deb), root]);
  }
  return extracted;
}

export const PHOTO_SECONDS = 4;
const PHOTO_FPS = 25;

/** A photo shown for PHOTO_SECONDS in a slideshow; `crop` (an ffmpeg crop) takes part of it. */
export interface SlidePhoto {
  photo: string;
  crop?: string;
  people: boolean;
}

export interface SlideshowVideo extends VideoFixture {
  slides: SlidePhoto[];
}

const SLIDESHOWS: { name: string; slides: SlidePhoto[] }[] = [
  { name: 'photos-a.mp4', slides: [{ photo: 'skimage:astronaut.png', people: true }, { photo: 'skimage:motorcycle_left.png', people: false }, { photo: '/usr/share/backgrounds/mate/nature/GreenMeadow.jpg', people: false }] },
  // the same face as in photos-a, closer: the portrait's upper middle, enlarged
  { name: 'photos-b.mp4', slides: [{ photo: 'skimage:chelsea.png', people: false }, { photo: 'skimage:astronaut.png', crop: 'crop=300:300:100:0', people: true }, { photo: 'skimage:coffee.png', people: false }] },
  { name: 'photos-c.mp4', slides: [{ photo: 'skimage:camera.png', people: true }, { photo: '/usr/share/backgrounds/goldfish.png', people: false }, { photo: '/usr/share/backgrounds/mate/nature/Garden.jpg', people: false }] },
];

export const SLIDESHOW_VIDEOS: SlideshowVideo[] = SLIDESHOWS.map((s) => ({
  name: s.name, path: join(FIXTURE_DIR, s.name), frames: PHOTO_FPS * PHOTO_SECONDS * s.slides.length, fps: PHOTO_FPS, width: 1280, height: 720, slides: s.slides,
}));

export function ensureSlideshowVideos(): SlideshowVideo[] {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const v of SLIDESHOW_VIDEOS) {
    if (existsSync(v.path) && statSync(v.path).size > 0) continue;
    const inputs = v.slides.flatMap((s) => ['-loop', '1', '-framerate', String(PHOTO_FPS), '-t', String(PHOTO_SECONDS), '-i', s.photo.startsWith('skimage:') ? skimagePhoto(s.photo.slice(8)) : s.photo]);
    const fit = `scale=${v.width}:${v.height}:force_original_aspect_ratio=decrease,pad=${v.width}:${v.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p`;
    const chains = v.slides.map((s, k) => `[${k}]${s.crop ? `${s.crop},` : ''}${fit}[s${k}]`);
    const graph = `${chains.join(';')};${v.slides.map((_, k) => `[s${k}]`).join('')}concat=n=${v.slides.length}:v=1:a=0[v]`;
    ffmpeg([...inputs, '-filter_complex', graph, '-map', '[v]', '-r', String(PHOTO_FPS), '-frames:v', String(v.frames), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '50', v.path]);
  }
  return SLIDESHOW_VIDEOS;
}
