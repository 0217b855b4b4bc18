import { describe, expect, it } from 'vitest';
import { encodeBlock, OBJECT_STRIDE, parseRecords, recordsHeader } from '../../storage/detectionRecords';
import { concat } from '../../core/concat';
import { classIndex, OBJECT_CLASSES } from './objectClasses';
import { foundClasses, framesWith, searchObjects, topClasses, type VideoObjects } from './objectSearch';

const PERSON = 0, CAR = 2, DOG = 16;
const obj = (cls: number, score: number, x = 0.1) => [cls, score, x, 0.1, 0.2, 0.2];

/** A video's stored objects from each frame's finds. */
function video(frames: number[][][]): VideoObjects {
  const data = concat(Float32Array, [recordsHeader(OBJECT_STRIDE), ...frames.map((items, f) => encodeBlock(f, items.flat(), OBJECT_STRIDE))]);
  const detections = parseRecords(data, OBJECT_STRIDE);
  return { done: detections.done, detections };
}

describe('object classes', () => {
  it('finds a class by name, plural, alias or case', () => {
    expect(classIndex('person')).toBe(PERSON);
    expect(classIndex('People')).toBe(PERSON);
    expect(classIndex('cars')).toBe(CAR);
    expect(classIndex('  Dogs ')).toBe(DOG);
    expect(classIndex('buses')).toBe(OBJECT_CLASSES.indexOf('bus'));
    expect(classIndex('TV')).toBe(OBJECT_CLASSES.indexOf('tv'));
    expect(classIndex('traffic lights')).toBe(OBJECT_CLASSES.indexOf('traffic light'));
    expect(classIndex('sofa')).toBe(OBJECT_CLASSES.indexOf('couch'));
    expect(classIndex('unicorn')).toBe(-1);
    expect(classIndex('')).toBe(-1);
    expect(OBJECT_CLASSES).toHaveLength(80);
  });
});

describe('search by object class', () => {
  const a = video([[obj(PERSON, 0.9), obj(PERSON, 0.5, 0.6), obj(CAR, 0.7)], [], [obj(PERSON, 0.2)], [obj(DOG, 0.8)]]);
  const b = video([[obj(PERSON, 0.6)], [obj(PERSON, 0.95)]]);

  it('ranks frames by their best detection of the class, counting the class in each frame', () => {
    const { hits, perVideo } = searchObjects([a, null, b], PERSON);
    expect(hits.map((h) => [h.video, h.frame, h.score, h.count])).toEqual([
      [2, 1, Math.fround(0.95), 1], [0, 0, Math.fround(0.9), 2], [2, 0, Math.fround(0.6), 1],
    ]);
    // below the threshold (0.2) is not a find
    expect(hits.some((h) => h.video === 0 && h.frame === 2)).toBe(false);
    expect(perVideo).toEqual([{ video: 2, frames: 2, best: Math.fround(0.95) }, { video: 0, frames: 1, best: Math.fround(0.9) }]);
    expect(hits[1]!.box[0]).toBeCloseTo(0.1);
  });

  it('colours each frame by its surest class and marks the frames holding a class', () => {
    expect(Array.from(topClasses(a, 5))).toEqual([PERSON, -1, -1, DOG, -1]);
    expect(Array.from(framesWith(a, DOG, 4))).toEqual([0, 0, 0, 1]);
  });

  it('lists the classes found with their frame counts', () => {
    expect(foundClasses([a, b])).toEqual([
      { cls: PERSON, label: 'person', frames: 3 }, { cls: CAR, label: 'car', frames: 1 }, { cls: DOG, label: 'dog', frames: 1 },
    ]);
  });
});
