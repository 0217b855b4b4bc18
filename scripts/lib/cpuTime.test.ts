import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { browserCpu, cpuSince, describeCpu } from './cpuTime';

describe('cpuTime', () => {
  it('takes the difference per group, counting groups that appeared since as new', () => {
    const before = new Map([['page workers', 10], ['GPU process', 2]]);
    const after = new Map([['page workers', 25.5], ['GPU process', 2], ['page main thread', 3]]);
    expect([...cpuSince(before, after)]).toEqual([['page workers', 15.5], ['GPU process', 0], ['page main thread', 3]]);
  });

  it('describes the total against the cores, largest first, leaving out what spent nothing', () => {
    const line = describeCpu(new Map([['GPU process', 0.01], ['page main thread', 4], ['page workers', 16]]), 10, 2);
    expect(line).toBe('20.0 CPU-s in 10 s (100 % of 2 cores): page workers 16.0 s, page main thread 4.0 s');
  });

  it.runIf(process.platform === 'linux')('counts the CPU of a running child named like a browser, and no other child', async () => {
    const busy = (argv0: string) => spawn(process.execPath, ['-e', 'const t = Date.now(); while (Date.now() - t < 1500);'], { argv0 });
    const [browser, other] = [busy('chromium-under-test'), busy('node-beside-it')];
    await new Promise((r) => setTimeout(r, 800));
    const seen = browserCpu();
    await Promise.all([browser, other].map((c) => new Promise((r) => c.on('exit', r))));
    // only the "browser" is counted, as a process without a --type: the browser's own
    expect([...seen.keys()]).toEqual(['browser and utility']);
    expect(seen.get('browser and utility')).toBeGreaterThan(0.02);
    expect(seen.get('browser and utility')).toBeLessThan(1);
  });
});
