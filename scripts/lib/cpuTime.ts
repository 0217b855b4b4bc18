// CPU seconds spent by this script's child browser, by where they went: the page's main thread, its workers
// (wasm decoders, onnxruntime, the map's tile workers), the GPU process (SwiftShader draws WebGL/WebGPU on the
// CPU here) and the rest. Read from Linux /proc (utime + stime of every thread); elsewhere it reads nothing.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

export type CpuTimes = Map<string, number>;

function stat(path: string): string[] | null {
  try {
    const s = readFileSync(path, 'utf8');
    // comm may hold spaces: the fields after it start after the last ')'
    const close = s.lastIndexOf(')');
    return [s.slice(s.indexOf('(') + 1, close), ...s.slice(close + 2).split(' ')];
  } catch {
    return null;
  }
}

/** Processes descended from this one. */
function descendants(): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const f = stat(`/proc/${d}/stat`);
    if (f) parent.set(Number(d), Number(f[2])); // fields: comm, state, ppid, ...
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...parent.keys()].filter(mine);
}

/** Which part of the browser a thread is. */
function group(processType: string, thread: string, main: boolean): string {
  if (processType === 'renderer') {
    if (main) return 'page main thread';
    if (thread.startsWith('DedicatedWorker')) return 'page workers';
    // media decoding, raster and compositing, image decoding: by name, as Chromium calls them
    return `page ${thread.replace(/\d+$/, '')}`;
  }
  if (processType === 'gpu-process') return 'GPU process';
  return 'browser and utility';
}

/** Cumulative CPU seconds per group, now. */
export function browserCpu(): CpuTimes {
  const out: CpuTimes = new Map();
  if (process.platform !== 'linux') return out;
  for (const pid of descendants()) {
    let type: string;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/chrom/i.test(cmd.split('\0')[0] ?? '')) continue;
      type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
    } catch {
      continue;
    }
    const whole = stat(`/proc/${pid}/stat`);
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    const add = (key: string, seconds: number) => out.set(key, (out.get(key) ?? 0) + seconds);
    let live = 0;
    for (const tid of tids) {
      const f = stat(`/proc/${pid}/task/${tid}/stat`);
      if (!f) continue;
      live += seconds(f);
      add(group(type, f[0]!, tid === String(pid)), seconds(f));
    }
    // A process's own figure also holds its threads that have ended (in a page: mostly workers let go).
    if (whole) add(type === 'renderer' ? 'page threads ended' : group(type, '', false), Math.max(0, seconds(whole) - live));
  }
  return out;
}

/** utime + stime: fields 14 and 15 of the line, 12 and 13 here after comm. */
const seconds = (f: string[]): number => (Number(f[12]) + Number(f[13])) / TICKS;

/** CPU seconds per group between two readings (threads that ended in between are not counted). */
export function cpuSince(before: CpuTimes, after: CpuTimes = browserCpu()): CpuTimes {
  const out: CpuTimes = new Map();
  for (const [k, v] of after) out.set(k, Math.max(0, v - (before.get(k) ?? 0)));
  return out;
}

/** "page workers 61.2 s, page main thread 20.1 s, … (of 2 cores × 80 s)" */
export function describeCpu(times: CpuTimes, wallSeconds: number, cores: number): string {
  const total = [...times.values()].reduce((a, b) => a + b, 0);
  const parts = [...times].filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)} s`);
  return `${total.toFixed(1)} CPU-s in ${wallSeconds.toFixed(0)} s (${((100 * total) / (cores * wallSeconds)).toFixed(0)} % of ${cores} cores): ${parts.join(', ')}`;
}
