// A CLIP-family pair (a vision tower, a text tower and the tokenizer.json they were trained with, as exported for
// transformers.js / Optimum): which dropped file is which, how the text tower takes token ids and which output is
// its embedding, and CLIP's image preprocessing. Pure: the features worker runs the towers and the tokenizer.
import { ModelRefusal, type GraphShapes, type ImageModelDescriptor, type ValueShape } from './imageModel';

/** How the text tower takes a tokenized query and which output embeds it. */
export interface TextTower {
  input: string;
  /** the attention mask input, when the graph takes one */
  mask: string | null;
  output: string;
  /** a fixed sequence length the ids are padded (or cut) to; null when the graph takes any length */
  length: number | null;
}

/** CLIP's image normalisation, when no preprocessor_config.json says otherwise. */
export const CLIP_IMAGE_MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_IMAGE_STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

/** A text tower takes token ids: one batch × sequence input (and maybe a mask of the same shape). */
export const isTextGraph = (g: GraphShapes): boolean => g.inputs.length > 0 && g.inputs.every((i) => i.shape.length === 2);

export function inferTextTower(g: GraphShapes): TextTower {
  const ids = g.inputs.find((i) => /input_ids/i.test(i.name)) ?? g.inputs.find((i) => !/mask/i.test(i.name));
  if (!ids || ids.shape.length !== 2) throw new ModelRefusal(`the text tower takes no batch × sequence input of token ids (inputs: ${list(g.inputs)})`);
  const mask = g.inputs.find((i) => i !== ids && /mask/i.test(i.name))?.name ?? null;
  const others = g.inputs.filter((i) => i !== ids && i.name !== mask);
  if (others.length) throw new ModelRefusal(`the text tower also needs ${list(others)}, which a text query cannot give`);
  const vectors = g.outputs.filter((o) => o.shape.length === 2);
  const out = vectors.find((o) => /text_embeds|embed/i.test(o.name)) ?? vectors[0];
  if (!out) throw new ModelRefusal(`the text tower gives no batch × dimension embedding (outputs: ${list(g.outputs)})`);
  const len = ids.shape[1];
  return { input: ids.name, mask, output: out.name, length: typeof len === 'number' && len > 0 ? len : null };
}

const list = (vs: readonly ValueShape[]) => vs.map((v) => `${v.name} ${v.shape.join('×') || '?'}`).join(', ') || 'none';

/**
 * Token ids (start and end tokens included) as the tower takes them: cut to a fixed length keeping the end token
 * (CLIP pools at it), padded with `padId` (CLIP's pad is its end token), a mask of 1s over the real tokens.
 */
export function textInput(ids: readonly number[], tower: TextTower, padId: number): { ids: BigInt64Array; mask: BigInt64Array } {
  const n = tower.length ?? ids.length;
  const kept = ids.length > n ? [...ids.slice(0, n - 1), ids[ids.length - 1]!] : ids;
  const out = new BigInt64Array(n).fill(BigInt(padId));
  const mask = new BigInt64Array(n);
  kept.forEach((id, i) => {
    out[i] = BigInt(id);
    mask[i] = 1n;
  });
  return { ids: out, mask };
}

/**
 * CLIP's preprocessing on top of the descriptor the vision graph suggests: its mean/std (or those of a
 * preprocessor_config.json), the centre square as CLIP crops, the image embedding as the output.
 */
export function clipVisionDescriptor(suggested: ImageModelDescriptor, g: GraphShapes, preprocessor: unknown): ImageModelDescriptor {
  const p = (preprocessor ?? {}) as { image_mean?: unknown; image_std?: unknown };
  const triple = (v: unknown, dflt: [number, number, number]): [number, number, number] =>
    Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? [v[0], v[1], v[2]] as [number, number, number] : dflt;
  const vectors = g.outputs.filter((o) => o.shape.length === 2);
  const output = (vectors.find((o) => /image_embeds|embed/i.test(o.name)) ?? vectors[0])?.name ?? suggested.output;
  return { ...suggested, output, crop: 'centre', scaling: { kind: 'mean-std', mean: triple(p.image_mean, CLIP_IMAGE_MEAN), std: triple(p.image_std, CLIP_IMAGE_STD) } };
}

/** Which of two ONNX graphs is the text tower and which the vision tower; refused when they are not one of each. */
export function pairRoles(a: GraphShapes, b: GraphShapes): { text: 0 | 1; vision: 0 | 1 } {
  const textA = isTextGraph(a), textB = isTextGraph(b);
  if (textA === textB) throw new ModelRefusal(textA ? 'both ONNX files are text towers: a CLIP pair needs a vision tower too' : 'neither ONNX file is a text tower (one taking token ids): a CLIP pair needs one');
  return textA ? { text: 0, vision: 1 } : { text: 1, vision: 0 };
}
