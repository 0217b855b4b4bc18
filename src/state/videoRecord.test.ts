import { describe, expect, it } from 'vitest';
import { asVideoId } from '../core/ids';
import { DEFAULT_PARAMS } from '../stages/ingest/sampling';
import { recoverLook, canRestart, isSilent, newRecord, queueLine, recoverRecord, recoverSound, soundLabel, summarize, worthRestarting, type VideoRecord, type VideoSound } from './videoRecord';

const rec = (patch: Partial<VideoRecord>): VideoRecord => ({
  ...newRecord(asVideoId('v1'), { name: 'a.mp4', size: 10, lastModified: 0 }, null, 'fp', DEFAULT_PARAMS, 0),
  ...patch,
});

describe('recoverRecord after a reload', () => {
  it('marks work that was under way as interrupted, claiming only the frames storage holds (a new pass goes on after them)', () => {
    for (const status of ['queued', 'decoding'] as const) {
      const r = recoverRecord(rec({ status, frames: 12 }), 9);
      expect(r.status).toBe('interrupted');
      expect(r.frames).toBe(9);
      expect(r.reason).toMatch(/after 9 frames: add the file again to go on/);
      expect(recoverRecord(rec({ status, frames: 0 }), 0).reason).toMatch(/add the file again to restart/);
    }
  });

  it('first looks cut off by a reload are over, keeping their stored frames', () => {
    expect(recoverLook({ frames: 10, planned: 40, state: 'decoding', reason: null }, 12)).toEqual({ frames: 12, planned: 40, state: 'failed', reason: 'cut off by a reload' });
    const done = { frames: 40, planned: 40, state: 'done' as const, reason: null };
    expect(recoverLook(done, 40)).toBe(done);
    expect(recoverLook(done, 0)!.frames).toBe(0);
    expect(recoverLook(undefined, 0)).toBeNull();
  });

  it('keeps finished videos whose frames are all stored', () => {
    const r = rec({ status: 'done', frames: 18 });
    expect(recoverRecord(r, 18)).toEqual(r);
  });

  it('reports frames that storage lost', () => {
    expect(recoverRecord(rec({ status: 'done', frames: 18 }), 10)).toMatchObject({ status: 'partial', frames: 10, errorCode: 'storage' });
    expect(recoverRecord(rec({ status: 'done', frames: 18 }), 0)).toMatchObject({ status: 'error', frames: 0 });
  });
});

describe('library rules', () => {
  it('restarts only unfinished videos', () => {
    expect(canRestart('error')).toBe(true);
    expect(canRestart('interrupted')).toBe(true);
    expect(canRestart('done')).toBe(false);
    expect(canRestart('decoding')).toBe(false);
    expect(worthRestarting(rec({ status: 'error', errorCode: 'not-video' }))).toBe(false);
    expect(worthRestarting(rec({ status: 'error', errorCode: 'stalled' }))).toBe(true);
  });

  it('summarises the library', () => {
    const s = summarize([rec({ status: 'done', frames: 5 }), rec({ status: 'decoding', frames: 2 }), rec({ status: 'error' }), rec({ status: 'partial', frames: 1 })]);
    expect(s).toEqual({ total: 4, done: 2, active: 1, decoding: 1, failed: 1, frames: 8 });
  });

  it('words the queue as the status line shows it (the e2e tests match it)', () => {
    expect(queueLine({ active: 2, decoding: 2 })).toBe('decoding 2, 0 queued');
    expect(queueLine({ active: 5, decoding: 1 })).toBe('decoding 1, 4 queued');
    expect(queueLine({ active: 3, decoding: 0 })).toBe('3 queued');
  });
});

describe('sound on the record', () => {
  const sound = (over: Partial<VideoSound>): VideoSound => ({ state: 'done', seconds: 600.4, peakDb: -12, path: 'webcodecs', codec: 'aac', reason: null, ...over });

  it('says what the track is', () => {
    expect(soundLabel(sound({}))).toBe('sound 600 s · aac');
    expect(soundLabel(sound({ peakDb: null }))).toBe('silent sound track');
    expect(soundLabel(sound({ peakDb: -75 }))).toBe('silent sound track');
    expect(soundLabel(sound({ state: 'none' }))).toBe('no sound track');
    expect(soundLabel(sound({ state: 'failed', reason: 'the sound of x.mp4 could not be decoded' }))).toBe('sound not read: the sound of x.mp4 could not be decoded');
    expect(soundLabel(null)).toMatch(/add the file again/);
    expect(isSilent(sound({ peakDb: -59 }))).toBe(false);
  });

  it('forgets a read cut off by a reload, so adding the file again reads it', () => {
    expect(recoverSound(sound({ state: 'decoding' }))).toBeNull();
    const done = sound({});
    expect(recoverSound(done)).toBe(done);
    expect(recoverSound(undefined)).toBeNull();
  });
});
