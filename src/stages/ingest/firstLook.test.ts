import { describe, expect, it } from 'vitest';
import { chooseLook, denseFrames, resumePlan, splitBudget, type PacketInfo } from './firstLook';
import { FrameSampler } from './frameSampler';

/** 30 fps, a key frame every `gop` frames, B-frame style decode order (timestamps out of order). */
function packets(frames: number, gop: number, start = 0): PacketInfo[] {
  const shown = Array.from({ length: frames }, (_, i) => ({ timestamp: start + i / 30, key: i % gop === 0 }));
  // decode order: each P before the two B frames shown ahead of it
  const out: PacketInfo[] = [];
  for (let i = 0; i < shown.length; i += 3) out.push(...[shown[i], shown[i + 2], shown[i + 1]].filter((p): p is PacketInfo => !!p));
  return out;
}

describe('first look', () => {
  it('offers exactly the frames the dense pass keeps, with their decode cost from the key frame before', () => {
    const p = packets(300, 48);
    const dense = denseFrames(p, 0, { mode: 'every-nth', n: 20 });
    const sampler = new FrameSampler({ mode: 'every-nth', n: 20 });
    const expected = Array.from({ length: 300 }, (_, i) => i / 30).filter((t) => sampler.keep(t));
    expect(dense.map((f) => f.t)).toEqual(expected);
    // frame 240 is a key frame (48 × 5), frame 20 is 20 after the key at 0, frame 60 is 12 after the key at 48
    const at = (n: number) => dense.find((f) => Math.abs(f.t - n / 30) < 1e-9)!;
    expect(at(240).cost).toBe(0);
    expect(at(20).cost).toBe(20);
    expect(at(60).cost).toBe(12);
  });

  it('leaves out an edit list pre-roll and frames before the first key frame', () => {
    // starts at −0.1 s (pre-roll cut by the offset), and the first key frame is at frame 10
    const p = Array.from({ length: 60 }, (_, i) => ({ timestamp: -0.1 + i / 30, key: i === 10 || i === 40 }));
    const dense = denseFrames(p, 0, { mode: 'fps', fps: 1 });
    const all = denseFrames(p.map((x) => ({ ...x, key: true })), 0, { mode: 'fps', fps: 1 });
    expect(all.every((f) => f.t >= 0)).toBe(true);
    expect(dense.every((f) => f.timestamp >= p[10]!.timestamp)).toBe(true);
    expect(dense.length).toBeLessThan(all.length + 1);
  });

  it('spreads the budget over time and prefers key frames inside each part', () => {
    const dense = denseFrames(packets(30 * 600, 48), 0, { mode: 'every-nth', n: 20 }); // 10 minutes, 900 frames
    expect(dense).toHaveLength(900);
    const look = chooseLook(dense, 60);
    expect(look).toHaveLength(60);
    // every 10-second part gives one frame, in order
    look.forEach((f, k) => expect(Math.floor(f.t / (dense[899]!.t / 60))).toBeLessThanOrEqual(k));
    for (let k = 1; k < look.length; k++) expect(look[k]!.t).toBeGreaterThan(look[k - 1]!.t);
    // key frames coincide with the sampling every 240 frames (8 s): most parts of 10 s hold one, and take it
    expect(look.filter((f) => f.cost === 0).length).toBeGreaterThanOrEqual(55);
    expect(Math.max(...look.map((f) => f.cost))).toBeLessThan(20);
  });

  it('takes every frame when the video has fewer than the budget, none for no budget', () => {
    const dense = denseFrames(packets(90, 30), 0, { mode: 'every-nth', n: 20 });
    expect(chooseLook(dense, 50)).toEqual(dense);
    expect(chooseLook(dense, 0)).toEqual([]);
  });

  it('splits a drop by duration, at least the minimum each, summing to the budget', () => {
    expect(splitBudget([600, 60, 3540], 96, 4)).toEqual([4 + 12, 4 + 1, 4 + 71]);
    const s = splitBudget([600, 60, 3540], 96, 4);
    expect(s.reduce((a, b) => a + b, 0)).toBe(96);
    expect(splitBudget([10, null, 30], 40, 4)).toEqual([4 + 4, 4 + 12, 4 + 12]); // null counts as the median (30)
    expect(splitBudget([5, 5, 5], 6, 4)).toEqual([4, 4, 4]); // the minimum wins over the total
    expect(splitBudget([], 96)).toEqual([]);
  });

  it('resumes a dense pass after the frames it stored, or starts over when they are not the rule\'s first ones', () => {
    const dense = denseFrames(packets(300, 48, 0), 0, { mode: 'every-nth', n: 20 }, false);
    expect(dense).toHaveLength(15);
    const plan = resumePlan(dense, dense.slice(0, 6).map((f) => f.t))!;
    expect(plan.from).toBe(6);
    expect(plan.next!.t).toBe(dense[6]!.t);
    expect([...plan.keep]).toEqual(dense.slice(6).map((f) => f.t));
    expect(resumePlan(dense, [])).toBeNull();
    expect(resumePlan(dense, [dense[0]!.t, dense[2]!.t])).toBeNull(); // a gap: not this rule's prefix
    expect(resumePlan(dense, [...dense.map((f) => f.t), 99])).toBeNull();
    const whole = resumePlan(dense, dense.map((f) => f.t))!;
    expect(whole.next).toBeNull();
    expect(whole.keep.size).toBe(0);
    // frames before the first key frame are the rule's too when resuming (they were decoded from the start)
    const late = packets(90, 30).map((p) => ({ ...p, key: p.timestamp >= 1 && p.key }));
    expect(denseFrames(late, 0, { mode: 'every-nth', n: 20 }, false)).toHaveLength(5);
    expect(denseFrames(late, 0, { mode: 'every-nth', n: 20 })).toHaveLength(3);
  });
});
