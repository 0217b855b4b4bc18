// Where the whole pipeline stands, as one phase for the status line: the first look (a few frames per video,
// mapped first), filling in (every sampled frame decoded, embedded and placed), ready. Pure, so the rules are
// unit-tested without a browser.
import { lookId } from '../core/ids';
import type { VideoRecord } from './videoRecord';

export type PipelinePhase = 'idle' | 'first-look' | 'filling' | 'ready';

export interface PipelineInput {
  videos: readonly Pick<VideoRecord, 'id' | 'status' | 'frames' | 'expectedFrames' | 'look'>[];
  /** frames per video id (a video's own or its `~look` id) in the current layout; null without one */
  layout: ReadonlyMap<string, number> | null;
  /** videos whose frames cannot be placed for now (their features failed, or extraction is paused) */
  stuck: (id: string) => boolean;
  /** the layout still holds first looks that an automatic retrain is to replace */
  retrainDue?: boolean;
}

export interface PipelineStatus {
  phase: PipelinePhase;
  /** frames on the map: a video's own once all placed, else the larger of its own so far and its first look */
  placed: number;
  /** frames the dense passes keep (the header's estimate while one runs) */
  total: number;
}

const finished = (s: VideoRecord['status']) => s === 'done' || s === 'partial';
const active = (s: VideoRecord['status']) => s === 'queued' || s === 'decoding';

export function pipelineStatus({ videos, layout, stuck, retrainDue = false }: PipelineInput): PipelineStatus {
  let placed = 0, total = 0, unplaced = false, looking = false, looks = false;
  for (const v of videos) {
    const own = layout?.get(v.id);
    const look = layout?.get(lookId(v.id));
    // A video placed in full counts its own frames; while its own fill in beside its look, the larger of the two.
    placed += finished(v.status) && own !== undefined && own >= v.frames ? own : Math.max(own ?? 0, look ?? 0);
    if (v.look?.state === 'decoding') looking = true;
    if (v.look?.frames && own === undefined) looks = true;
    if (finished(v.status)) total += v.frames;
    else if (active(v.status)) total += Math.max(v.expectedFrames ?? 0, v.frames, own ?? 0);
    // An interrupted video waits for its file to be added again: its frames are not all placed either.
    if (v.status === 'interrupted') total += Math.max(v.expectedFrames ?? 0, v.frames);
    if ((active(v.status) || v.status === 'interrupted' || (finished(v.status) && v.frames > (own ?? 0))) && !stuck(v.id)) unplaced = true;
  }
  let phase: PipelinePhase;
  if (!videos.length) phase = 'idle';
  else if (looking || (!layout && looks)) phase = 'first-look';
  else phase = unplaced || retrainDue ? 'filling' : 'ready';
  return { phase, placed, total: Math.max(total, placed) };
}
