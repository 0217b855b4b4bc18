// This benchmark's Chromium processes, read from /proc: resident memory and CPU
// time by process type (robust to other load on the machine).
import { readdirSync, readFileSync } from 'node:fs';

/** This process's descendants (the Chromium it launched, and that one's children), from /proc. */
export function descendants(): number[] {
  const parent = new Map<number, number>();
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  for (const pid of pids) {
    try {
      // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  return pids.filter(ours);
}

/** CPU seconds (user + system) used so far by this benchmark's Chromium processes (robust to other load on the machine), and by process type. */
export function chromiumCpu(): { total: number; byType: Record<string, number> } {
  const byType: Record<string, number> = {};
  let total = 0;
  for (const pid of descendants()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const s = (Number(f[11]) + Number(f[12])) / 100; // utime, stime
      const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      byType[type] = (byType[type] ?? 0) + s;
      total += s;
    } catch {
      // ended
    }
  }
  return { total, byType };
}
/** Resident memory (MiB) of this benchmark's Chromium renderer and GPU processes, from /proc. */
export function chromiumMemory(): { renderer: number; gpu: number } {
  let renderer = 0, gpu = 0;
  for (const pid of descendants()) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      if (cmd.includes('--type=renderer')) renderer += rss;
      else if (cmd.includes('--type=gpu-process')) gpu += rss;
    } catch {
      // the process ended while we looked
    }
  }
  return { renderer, gpu };
}
