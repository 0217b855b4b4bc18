import { describe, expect, it } from 'vitest';
import { unneededPackets } from './decodeNeeds';
import type { PacketInfo } from './firstLook';

/** Packets in decode order from presentation frame numbers; `K` marks a key packet ("K0 1 2 K3"). */
function table(spec: string): PacketInfo[] {
  return spec.split(' ').map((s) => ({ key: s.startsWith('K'), timestamp: Number(s.replace('K', '')) }));
}
const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe('unneededPackets', () => {
  it('leaves out what follows the last kept picture of each run, and whole runs with none kept', () => {
    // Three closed GOPs of four frames, no reordering; frames 1 and 9 kept.
    const t = table('K0 1 2 3 K4 5 6 7 K8 9 10 11');
    expect(sorted(unneededPackets(t, new Set([1, 9])))).toEqual([2, 3, 4, 5, 6, 7, 10, 11]);
  });

  it('keeps every packet decoded before a kept B-frame, in decode order', () => {
    // I P B B, decode order K0 3 1 2: keeping frame 1 needs 0 and 3, not 2.
    const t = table('K0 3 1 2 K4 7 5 6');
    expect(sorted(unneededPackets(t, new Set([1])))).toEqual([2, 4, 5, 6, 7]);
    // keeping the last-shown frame of the first GOP (3, decoded second) leaves its B-frames out
    expect(sorted(unneededPackets(t, new Set([3, 7])))).toEqual([1, 2, 5, 6]);
  });

  it('does not start a run at a key with leading pictures (an open GOP refers back past it)', () => {
    // Decode order: the second key (8) is followed by 6 and 7, shown before it: they refer to 5, of the first GOP.
    const t = table('K0 3 1 2 5 4 K8 6 7 11 9 10');
    expect(sorted(unneededPackets(t, new Set([2, 7])))).toEqual([9, 10, 11]);
    // kept only in the first GOP: everything after it in decode order can go
    expect(sorted(unneededPackets(t, new Set([2])))).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('never leaves out a timestamp two packets share, nor what precedes it in its run', () => {
    const t = table('K0 1 2 2 K4 5');
    expect(sorted(unneededPackets(t, new Set([0])))).toEqual([4, 5]);
  });

  it('keeps everything with every frame kept, and leaves everything out with none', () => {
    const t = table('K0 3 1 2 K4 7 5 6');
    expect(unneededPackets(t, new Set([0, 1, 2, 3, 4, 5, 6, 7])).size).toBe(0);
    expect(unneededPackets(t, new Set()).size).toBe(8);
    expect(unneededPackets([], new Set([1])).size).toBe(0);
  });

  it('packets before the first key are a run of their own', () => {
    const t = table('0 1 K2 3');
    expect(sorted(unneededPackets(t, new Set([2])))).toEqual([0, 1, 3]);
    expect(sorted(unneededPackets(t, new Set([1])))).toEqual([2, 3]);
  });
});
