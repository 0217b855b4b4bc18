// A stored frame read for a view: its object URL and time, handed over once read; the read is dropped when the view
// moved on (cancel), and a read of a video removed meanwhile is no error. FrameImage and FaceImage show frames with it.
import type { VideoId } from '../core/ids';
import type { Atlas } from '../state/atlas.svelte';
import { frameReadFailed } from './frameReadFailed';

/** Reads frame `frame` of video `id`; `onFrame` gets a fresh object URL (the caller releases it). Returns cancel. */
export function loadFrame(atlas: Atlas, id: VideoId, frame: number, onFrame: (url: string, time: number) => void): () => void {
  let cancelled = false;
  void atlas.reader(id).then(async (r) => {
    if (frame >= r.count) return;
    const blob = await r.image(frame);
    if (!cancelled) onFrame(URL.createObjectURL(blob), r.time(frame));
  }).catch(frameReadFailed);
  return () => (cancelled = true);
}
