import { describe, expect, it } from 'vitest';
import { asVideoId, lookId } from '../core/ids';
import { pipelineStatus, type PipelineInput } from './pipeline';

const id = asVideoId;
type V = PipelineInput['videos'][number];
const video = (name: string, patch: Partial<V> = {}): V => ({ id: id(name), status: 'done', frames: 100, expectedFrames: 100, look: null, ...patch });
const none = () => false;

describe('pipeline status', () => {
  it('is idle with no video, and in its first look while looks decode or wait for the first layout', () => {
    expect(pipelineStatus({ videos: [], layout: null, stuck: none }).phase).toBe('idle');
    const decoding = video('a', { status: 'queued', frames: 0, expectedFrames: 900, look: { frames: 10, planned: 40, state: 'decoding', reason: null } });
    expect(pipelineStatus({ videos: [decoding], layout: null, stuck: none })).toEqual({ phase: 'first-look', placed: 0, total: 900 });
    const looked = { ...decoding, look: { frames: 40, planned: 40, state: 'done' as const, reason: null } };
    expect(pipelineStatus({ videos: [looked], layout: null, stuck: none }).phase).toBe('first-look');
  });

  it('fills in once the first map is up: looks count as placed until the video itself is', () => {
    const a = video('a', { status: 'decoding', frames: 300, expectedFrames: 900, look: { frames: 40, planned: 40, state: 'done', reason: null } });
    const b = video('b', { frames: 50, look: { frames: 8, planned: 8, state: 'done', reason: null } });
    const layout = new Map([[lookId(id('a')), 40], [lookId(id('b')), 8]]);
    expect(pipelineStatus({ videos: [a, b], layout, stuck: none })).toEqual({ phase: 'filling', placed: 48, total: 950 });
    layout.set(id('b'), 50); // b placed: its own frames replace its look's
    expect(pipelineStatus({ videos: [a, b], layout, stuck: none })).toEqual({ phase: 'filling', placed: 90, total: 950 });
  });

  it('counts a video placed while it decodes by the larger of its own frames so far and its look', () => {
    const look = { frames: 40, planned: 40, state: 'done' as const, reason: null };
    const a = video('a', { status: 'decoding', frames: 300, expectedFrames: 900, look });
    const layout = new Map([[lookId(id('a')), 40], [id('a'), 30]]);
    expect(pipelineStatus({ videos: [a], layout, stuck: none })).toEqual({ phase: 'filling', placed: 40, total: 900 });
    layout.set(id('a'), 250);
    expect(pipelineStatus({ videos: [a], layout, stuck: none })).toEqual({ phase: 'filling', placed: 250, total: 900 });
    // decoded to the end, but not all placed yet: still filling in
    const done = { ...a, status: 'done' as const, frames: 900 };
    expect(pipelineStatus({ videos: [done], layout, stuck: none })).toEqual({ phase: 'filling', placed: 250, total: 900 });
    layout.set(id('a'), 900);
    expect(pipelineStatus({ videos: [done], layout, stuck: none })).toEqual({ phase: 'ready', placed: 900, total: 900 });
  });

  it('is ready when every video with frames is placed, or cannot be for now', () => {
    const a = video('a'), b = video('b', { frames: 30 }), failed = video('c', { status: 'error', frames: 0, expectedFrames: null });
    const layout = new Map([[id('a'), 100]]);
    expect(pipelineStatus({ videos: [a, b, failed], layout, stuck: none }).phase).toBe('filling');
    expect(pipelineStatus({ videos: [a, b, failed], layout, stuck: (v) => v === id('b') }).phase).toBe('ready');
    layout.set(id('b'), 30);
    expect(pipelineStatus({ videos: [a, b, failed], layout, stuck: none })).toEqual({ phase: 'ready', placed: 130, total: 130 });
    // a video cut off by a reload is not placed until its file is added again
    const cut = video('d', { status: 'interrupted', frames: 40, expectedFrames: 90 });
    expect(pipelineStatus({ videos: [a, b, cut], layout, stuck: none })).toEqual({ phase: 'filling', placed: 130, total: 220 });
    // every frame placed, but the layout made from first looks is still to be retrained on them
    expect(pipelineStatus({ videos: [a, b, failed], layout, stuck: none, retrainDue: true }).phase).toBe('filling');
  });
});
