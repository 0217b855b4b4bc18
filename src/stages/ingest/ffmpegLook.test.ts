import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAME_DEVICE, filterGraph, sampleArgs } from './ffmpegArgs';
import { firstFrameArgs, PACKETS_OUT, packetArgs, parsePackets, planLook, planResume, seekArgs, SEEK_MARGIN, shownFrames } from './ffmpegLook';
import { showinfoTime } from './ffmpegLog';
import { effectiveSampling, type SamplingParams } from './sampling';

const PARAMS: SamplingParams = {
  sampling: { mode: 'every-nth', n: 20 }, height: 90, format: 'jpeg', quality: 70, keyframesOnly: false, decoder: 'auto',
};

describe('ffmpeg first look: planning', () => {
  it('reads the packet list: times where given, sizes, key and discard flags', () => {
    expect(parsePackets('N/A,0.000000,5102,K_\n0.080000,0.080000,0,__\n\n1.560000,1.440000,700,_D,\n')).toEqual([
      { pts: null, dts: 0, size: 5102, key: true, discard: false },
      { pts: 0.08, dts: 0.08, size: 0, key: false, discard: false },
      { pts: 1.56, dts: 1.44, size: 700, key: false, discard: true },
    ]);
  });

  it('shows frames at their presentation times, or on the rate grid where some packets have none', () => {
    const pk = (pts: number | null, dts: number, key = false, size = 100) => ({ pts, dts, size, key, discard: false });
    // variable rate, every time given: the times themselves; empty and discarded packets show nothing
    const vfr = [pk(0, 0, true), pk(0.05, 0.05), { ...pk(0.07, 0.07), discard: true }, pk(0.1, 0.1, false, 0), pk(0.2, 0.2)];
    expect(shownFrames(vfr, 25)).toEqual([{ timestamp: 0, key: true }, { timestamp: 0.05, key: false }, { timestamp: 0.2, key: false }]);
    // MPEG-PS: a key frame's presentation time missing, its decode time repeating a B-frame's: the grid
    const ps = [pk(0.54, 0.5, true), pk(0.66, 0.54), pk(0.58, 0.58), pk(0.62, 0.62), pk(null, 0.66, true), pk(0.7, 0.7), pk(0.74, 0.74)];
    const grid = shownFrames(ps, 25);
    expect(grid.map((f) => f.timestamp)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => expect.closeTo(0.54 + i / 25, 9) as unknown as number));
    expect(grid.map((f) => f.key)).toEqual([true, false, false, true, false, false, false]);
    // keyframes only: the key frames, at whatever time they have
    expect(shownFrames(ps, 25, true)).toEqual([{ timestamp: 0.54, key: true }, { timestamp: 0.66, key: true }]);
  });

  it('puts the dense frames on the clock of the first frame shown, and seeks from before their key frames', () => {
    // MPEG-TS style: timestamps from 1.4 s, a key frame every 15 at 25 fps; the first frame is shown at 0
    const packets = Array.from({ length: 500 }, (_, i) => ({ timestamp: 1.4 + i / 25, key: i % 15 === 0 }));
    const seeks = planLook(packets, 0, { mode: 'every-nth', n: 20 }, 10, 25);
    expect(seeks).toHaveLength(10);
    for (const s of seeks) {
      const n = Math.round(s.target * 25);
      expect(n % 20).toBe(0);
      expect(s.target).toBeCloseTo(n / 25, 9);
      // from the key frame at or before it, less the margin (never before 0)
      const key = Math.floor(n / 15) * 15;
      expect(s.from).toBeCloseTo(Math.max(0, key / 25 - SEEK_MARGIN), 9);
      expect(s.tolerance).toBeCloseTo(0.02, 9);
    }
    // AVI style: decode times from 0, the first picture shown a frame later
    const avi = planLook(packets.map((p) => ({ ...p, timestamp: p.timestamp - 1.4 })), 0.04, { mode: 'every-nth', n: 20 }, 500, 25);
    expect(avi.slice(0, 3).map((s) => s.target)).toEqual([0.04, 0.84, 1.64].map((t) => expect.closeTo(t, 9) as unknown as number));
  });

  it('asks ffmpeg for one frame at the target, kept on the source clock, scaled and encoded as the dense pass', () => {
    const args = seekArgs('/in/a.avi', { from: 3.5, target: 4.8, tolerance: 0.02 }, { ...PARAMS, keyframesOnly: true });
    const at = (flag: string) => args[args.indexOf(flag) + 1];
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(at('-ss')).toBe('3.500000');
    expect(args).toContain('-copyts');
    expect(args).toContain('-start_at_zero');
    expect(at('-skip_frame')).toBe('nokey');
    expect(at('-frames:v')).toBe('1');
    expect(at('-filter_threads')).toBe('1');
    expect(args.filter((a) => a === '-threads')).toHaveLength(2); // decoder and encoder, one thread each
    expect(at('-vf')).toBe(filterGraph(PARAMS, null, 'gte(t\\,4.780000)'));
    expect(args.at(-1)).toBe(FRAME_DEVICE);
  });
});

/**
 * Native ffmpeg (5.1, the version the wasm core is built from) as the oracle: on containers the fast path leaves
 * to ffmpeg.wasm, every look frame must be a frame the dense pass keeps, found by its exact time.
 */
describe('ffmpeg first look: native ffmpeg agrees with the dense pass', () => {
  let dir = '';
  /** The showinfo times a run logs (ffmpeg logs to stderr). */
  const logTimes = (args: string[]): number[] => {
    const r = spawnSync('ffmpeg', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${r.stderr}`);
    return r.stderr.split('\n').map(showinfoTime).filter((t): t is number => t !== null);
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fa-look-'));
    const src = ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-t', '40'];
    // AVI with B-frames: no presentation times on its packets; MPEG-TS: a 1.4 s start time, open GOPs; MPEG-PS.
    execFileSync('ffmpeg', [...src, '-c:v', 'mpeg4', '-g', '50', '-bf', '2', '-q:v', '5', join(dir, 'b.avi')]);
    execFileSync('ffmpeg', [...src, '-c:v', 'mpeg2video', '-g', '15', '-bf', '2', '-f', 'mpegts', join(dir, 'open.ts')]);
    execFileSync('ffmpeg', [...src, '-c:v', 'mpeg2video', '-g', '12', '-bf', '2', '-f', 'vob', join(dir, 'dvd.mpg')]);
    // A phone's HEVC in QuickTime (no HEVC decoder in Chromium on Linux): 29.97 fps, B-frames, an edit list.
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30000/1001', '-t', '40', '-c:v', 'libx265', '-x265-params', 'log-level=error:keyint=60:bframes=3', '-tag:v', 'hvc1', join(dir, 'phone.mov')]);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Each case runs native ffmpeg a dozen times: 3–4 s alone on 2 cores, more beside other work (vitest's 5 s is too tight).
  const NATIVE_RUNS_TIMEOUT = 30_000;
  const cases = [['b.avi', false, 25], ['open.ts', false, 25], ['dvd.mpg', false, 25], ['phone.mov', false, 30000 / 1001], ['b.avi', true, 25]] as const;
  for (const [file, keyframesOnly, fps] of cases) {
    it(`${file}${keyframesOnly ? ' (key frames only)' : ''}: each look frame is a dense frame, by exact time`, () => {
      const path = join(dir, file);
      const p = { ...PARAMS, keyframesOnly };
      const dense = logTimes([
        '-hide_banner', '-nostats', '-v', 'info', ...(keyframesOnly ? ['-skip_frame', 'nokey'] : []),
        '-i', path, '-map', '0:v:0', '-vf', filterGraph(p, fps), '-fps_mode', 'passthrough', '-f', 'null', '-',
      ]);
      expect(dense.length).toBeGreaterThan(keyframesOnly ? 15 : 45);

      const csv = join(dir, 'packets.csv');
      execFileSync('ffprobe', packetArgs(path).map((a) => (a === PACKETS_OUT ? csv : a)));
      const shown = shownFrames(parsePackets(readFileSync(csv, 'utf8')), fps, keyframesOnly);
      const first = logTimes(firstFrameArgs(path, keyframesOnly))[0]!;
      const seeks = planLook(shown, first, effectiveSampling(p, fps), 12, fps);
      expect(seeks).toHaveLength(12);

      // The wasm core says -y itself; the device is a file here.
      const look = seeks.map((s) => logTimes(['-y', ...seekArgs(path, s, p).map((a) => (a === FRAME_DEVICE ? '/dev/null' : a))])[0]);
      const kept = new Set(dense);
      expect(look.filter((t) => t !== undefined && kept.has(t))).toHaveLength(12);
      expect(new Set(look).size).toBe(12);
      // spread over the whole video (40 s, 12 parts; key frames every 2 s when only those count)
      expect(look[0]!).toBeLessThan(6);
      expect(look.at(-1)!).toBeGreaterThan(34);
    }, NATIVE_RUNS_TIMEOUT);
  }

  // A dense pass cut off after 40 % of its frames goes on from a seek and keeps exactly the frames a pass from the
  // start keeps after them, by time, for every-Nth and for a rate; stored times that are not the rule's start over.
  const resumed = [['b.avi', PARAMS.sampling, 25], ['open.ts', PARAMS.sampling, 25], ['dvd.mpg', PARAMS.sampling, 25], ['phone.mov', PARAMS.sampling, 30000 / 1001], ['phone.mov', { mode: 'fps', fps: 0.7 }, 30000 / 1001]] as const;
  for (const [file, sampling, fps] of resumed) {
    it(`${file} (${sampling.mode}): a cut-off dense pass goes on where it stopped, with the frames a whole pass keeps`, () => {
      const path = join(dir, file);
      const p = { ...PARAMS, sampling };
      const run = (args: string[]) => logTimes(['-y', ...args.map((a) => (a === FRAME_DEVICE ? '/dev/null' : a))]);
      const whole = run(sampleArgs(path, p, 2, undefined, fps));
      const cut = Math.floor(whole.length * 0.4);
      const csv = join(dir, 'packets.csv');
      execFileSync('ffprobe', packetArgs(path).map((a) => (a === PACKETS_OUT ? csv : a)));
      const shown = shownFrames(parsePackets(readFileSync(csv, 'utf8')), fps);
      const first = logTimes(firstFrameArgs(path))[0]!;
      const plan = planResume(shown, first, effectiveSampling(p, fps), whole.slice(0, cut), fps);
      expect(plan?.from).toBe(cut);
      expect(plan!.seek!.target).toBeCloseTo(whole[cut]!, 3);
      expect(run(sampleArgs(path, p, 2, undefined, fps, plan!.seek!))).toEqual(whole.slice(cut));
      // every frame stored: nothing to decode; times off the rule: start over
      expect(planResume(shown, first, effectiveSampling(p, fps), whole, fps)).toEqual({ from: whole.length, seek: null });
      expect(planResume(shown, first, effectiveSampling(p, fps), whole.slice(1, cut), fps)).toBeNull();
    }, NATIVE_RUNS_TIMEOUT);
  }
});
