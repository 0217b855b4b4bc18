// Reconciling the search index with its layout. The index must hold one row per
// layout frame, in layout order; what is stored may be behind (a video placed
// while it was not written, a file cut short), ahead (rows of videos the layout
// no longer holds) or from another training. The plan says, per layout video,
// which stored rows to keep and which to compute again from stored features
// through the layout's PCA axes; nothing else is ever needed (no retrain).
import type { IndexBlock, IndexHeader } from '../../storage/layoutStore';

export interface PlanVideo {
  id: string;
  /** frames of this video in the layout */
  frames: number;
}

export interface VideoPlan {
  /** first stored row of the kept block (meaningful when keep > 0) */
  from: number;
  /** the video's first `keep` rows are copied from storage */
  keep: number;
  /** its remaining frames, keep … frames − 1, are computed from its features */
  compute: number;
}

export interface IndexPlan {
  videos: VideoPlan[];
  /** layout rows */
  total: number;
  kept: number;
  computed: number;
  /** stored complete rows that the layout has no use for */
  dropped: number;
}

export function planIndex(videos: readonly PlanVideo[], blocks: readonly IndexBlock[], storedRows: number): IndexPlan {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  let kept = 0;
  let computed = 0;
  const plans = videos.map((v) => {
    const b = byId.get(v.id);
    const keep = b ? Math.min(b.rows, v.frames) : 0;
    // A video twice in the layout (never intended) takes its rows twice.
    kept += keep;
    computed += v.frames - keep;
    return { from: b?.start ?? 0, keep, compute: v.frames - keep };
  });
  const frames = new Map<string, number>();
  for (const v of videos) if (!frames.has(v.id)) frames.set(v.id, v.frames);
  const used = blocks.reduce((s, b) => s + Math.min(b.rows, frames.get(b.id) ?? 0), 0);
  return { videos: plans, total: kept + computed, kept, computed, dropped: Math.max(0, storedRows - used) };
}

/**
 * The header to store for a reconciled index: every layout video with the rows it has (a prefix of its frames;
 * rows whose features are missing are left out and tried again next time).
 */
export function reconciledHeader(trained: number, dim: number, videos: readonly PlanVideo[], valid: readonly number[]): IndexHeader {
  return { trained, dim, videos: videos.map((v, k) => ({ id: v.id, rows: valid[k]! })) };
}

/** Whether the stored file must be written again: anything other than exactly the reconciled rows. */
export function needsRewrite(stored: { header: IndexHeader | null; values: number } | null, next: IndexHeader): boolean {
  const h = stored?.header;
  if (!h) return true;
  const rows = next.videos.reduce((s, v) => s + v.rows, 0);
  const same = h.trained === next.trained && h.dim === next.dim && h.videos.length === next.videos.length
    && h.videos.every((v, k) => v.id === next.videos[k]!.id && v.rows === next.videos[k]!.rows);
  return !same || stored.values !== rows * next.dim;
}
