// Which packets the dense pass must decode at all. A kept picture needs only the packets before it in decode order,
// back to the key packet its run starts at. So the packets after the last kept picture of a run (up to the next
// run) change nothing that is stored, and a run with no kept picture need not be decoded at all. With a key frame
// every 1–2 s and every 20th frame kept, that is a fifth to a half of the decoding; native ffmpeg decodes it all.
// A run starts at a key packet that decoding can start from, as resuming and the first look already assume: one
// with no leading pictures (decoded after it, shown before it), which an open GOP refers back past the key with.
// Pure: the worker feeds it the packet table.
import type { PacketInfo } from './firstLook';

/**
 * The timestamps of the packets no kept picture needs, from the packet table in decode order and the timestamps
 * of the kept packets. A timestamp that more than one packet has is never left out (the decoder loop knows
 * packets by timestamp).
 */
export function unneededPackets(decodeOrder: readonly PacketInfo[], kept: ReadonlySet<number>): Set<number> {
  const seen = new Set<number>();
  const repeated = new Set<number>();
  for (const p of decodeOrder) (seen.has(p.timestamp) ? repeated : seen).add(p.timestamp);
  const out = new Set<number>();
  for (const [start, end] of runs(decodeOrder)) {
    let last = start - 1; // the run's last packet that a kept picture is or needs
    for (let i = start; i < end; i++) {
      const t = decodeOrder[i]!.timestamp;
      if (kept.has(t) || repeated.has(t)) last = i;
    }
    for (let i = last + 1; i < end; i++) out.add(decodeOrder[i]!.timestamp);
  }
  return out;
}

/** [start, end) index ranges of the table, each beginning at a key packet decoding can start from (or the first packet). */
function runs(decodeOrder: readonly PacketInfo[]): [number, number][] {
  const keys = decodeOrder.flatMap((p, i) => (p.key ? [i] : []));
  const starts = [0];
  keys.forEach((k, j) => {
    if (k === 0) return;
    const next = keys[j + 1] ?? decodeOrder.length;
    const ts = decodeOrder[k]!.timestamp;
    let leading = false;
    for (let i = k + 1; i < next && !leading; i++) leading = decodeOrder[i]!.timestamp < ts;
    if (!leading) starts.push(k);
  });
  return starts.map((s, j) => [s, starts[j + 1] ?? decodeOrder.length]);
}
