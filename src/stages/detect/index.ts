// The detect stage's public face: objects and faces in stored frames.
export { DetectClient, detectorModelBase } from './detect.client';
export type { DetectEvent, DetectJob, DetectResult, PhotoFace } from './detect.protocol';
export type { DetectBackend } from './humanDetector';
export { classIndex, OBJECT_CLASSES, type ObjectClass } from './objectClasses';
export { foundClasses, framesWith, MIN_OBJECT_SCORE, searchObjects, topClasses, type ObjectHit, type VideoCount, type VideoObjects } from './objectSearch';
export { DEFAULT_FACE_THRESHOLD, groupFaces, rankFaces, unitRows } from './faceGroups';
export { appearances, collectFaces, faceKey, faceSpans, peopleOf, renamed, type Face, type Person, type StoredName } from './people';
