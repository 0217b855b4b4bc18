// Small ONNX image models the tests build themselves (no weights to download): random convolution weights, a
// layout and size other than the bundled models'. Used by the unit tests and the e2e fixtures.
import { DataType, OnnxGraph } from '../../core/onnx/onnxGraph';
import { rng } from '../../core/random';

/**
 * Channels-last input `pixels` (batch × height × width × 3) → a 3×3 stride-2 convolution with 16 random filters →
 * ReLU → global average: output `embedding` (batch × 16); a second output, `colour`, the mean of each channel.
 */
export function nhwcTestModel(width: number, height: number, seed = 7): Uint8Array {
  const g = new OnnxGraph();
  const r = rng(seed);
  const nchw = g.node('Transpose', ['pixels'], { perm: [0, 3, 1, 2] }, 'to_nchw');
  const w = g.floats('conv_w', [16, 3, 3, 3], Float32Array.from({ length: 16 * 27 }, () => r() - 0.5));
  const b = g.floats('conv_b', [16], Float32Array.from({ length: 16 }, () => 0.1 * (r() - 0.5)));
  const conv = g.node('Conv', [nchw, w, b], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, 'conv');
  const relu = g.node('Relu', [conv], {}, 'relu');
  const embedding = g.node('ReduceMean', [relu], { axes: [2, 3], keepdims: 0 }, 'embedding');
  const colour = g.node('ReduceMean', ['pixels'], { axes: [1, 2], keepdims: 0 }, 'colour');
  return g.encode({ name: 'pixels', dims: ['batch', height, width, 3] }, [{ name: embedding, dims: ['batch', 16] }, { name: colour, dims: ['batch', 3] }], {}, 'nhwc_test_model');
}

/**
 * A tokenizer.json in the form CLIP's has (openai/clip-vit-base-patch32 as exported for transformers.js: NFC,
 * whitespace folded, lower case; split into words, byte-level; BPE with "</w>" ending each word; start and end
 * tokens around the text), for a small vocabulary: every letter, and `words` whole, merged letter by letter.
 */
export function clipStyleTokenizer(words: readonly string[]): { json: object; vocab: Record<string, number> } {
  const vocab: Record<string, number> = {};
  const add = (t: string) => (vocab[t] ??= Object.keys(vocab).length);
  for (const c of 'abcdefghijklmnopqrstuvwxyz') add(c);
  for (const c of 'abcdefghijklmnopqrstuvwxyz') add(`${c}</w>`);
  // Merges as BPE training leaves them: each word's letters are first merged by the merges already made (lowest
  // rank first, as the tokenizer applies them), then by new ones, left to right, until the word is one token.
  const merges: string[] = [];
  const rank = new Map<string, number>();
  const apply = (symbols: string[]) => {
    for (;;) {
      let best = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const r = rank.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (r !== undefined && (best < 0 || r < rank.get(`${symbols[best]} ${symbols[best + 1]}`)!)) best = i;
      }
      if (best < 0) return symbols;
      symbols.splice(best, 2, symbols[best]! + symbols[best + 1]!);
    }
  };
  for (const w of words) {
    let symbols = apply([...w.slice(0, -1), `${w.at(-1)!}</w>`]);
    while (symbols.length > 1) {
      const merge = `${symbols[0]} ${symbols[1]}`;
      rank.set(merge, merges.push(merge) - 1);
      add(symbols[0]! + symbols[1]!);
      symbols = apply(symbols);
    }
  }
  const bos = add('<|startoftext|>'), eos = add('<|endoftext|>');
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true });
  const json = {
    version: '1.0', truncation: null, padding: null,
    added_tokens: [special(bos, '<|startoftext|>'), special(eos, '<|endoftext|>')],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }] },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'RobertaProcessing', sep: ['<|endoftext|>', eos], cls: ['<|startoftext|>', bos], trim_offsets: false, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: '<|endoftext|>', continuing_subword_prefix: '', end_of_word_suffix: '</w>', fuse_unk: false, byte_fallback: false, vocab, merges },
  };
  return { json, vocab };
}

/** CLIP's image normalisation (its preprocessor_config.json). */
export const CLIP_MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

/**
 * A tiny CLIP-style pair whose towers agree on colour: the text tower embeds "red", "green" and "blue" on three
 * axes (every other token on none) and averages over the text; the vision tower takes CLIP's 224×224 normalised
 * input and gives each channel's mean less the mean of the three (how far the picture leans to each colour). The
 * inputs and outputs are named as Optimum's exports name them (`input_ids` → `text_embeds`, `pixel_values` →
 * `image_embeds`), with `last_hidden_state` beside each.
 */
export function clipTestPair(): { vision: Uint8Array; text: Uint8Array; tokenizer: object; vocab: Record<string, number> } {
  const colours = ['red', 'green', 'blue'];
  const { json: tokenizer, vocab } = clipStyleTokenizer([...colours, 'photo', 'car']);
  const v = new OnnxGraph();
  const channels = v.node('ReduceMean', ['pixel_values'], { axes: [2, 3], keepdims: 0 }, 'channel_means');
  const grey = v.node('ReduceMean', [channels], { axes: [1], keepdims: 1 }, 'grey');
  const imageEmbeds = v.node('Sub', [channels, grey], {}, 'image_embeds');
  const vHidden = v.node('Identity', ['pixel_values'], {}, 'last_hidden_state');
  const vision = v.encode({ name: 'pixel_values', dims: ['batch', 3, 224, 224] }, [{ name: vHidden, dims: ['batch', 3, 224, 224] }, { name: imageEmbeds, dims: ['batch', 3] }], {}, 'clip_vision_test');

  const t = new OnnxGraph();
  const ids = Object.keys(vocab).length;
  const table = new Float32Array(ids * 3);
  colours.forEach((c, axis) => (table[vocab[`${c}</w>`]! * 3 + axis] = 1));
  const embedding = t.floats('token_embedding', [ids, 3], table);
  const tokens = t.node('Gather', [embedding, 'input_ids'], { axis: 0 }, 'last_hidden_state');
  const textEmbeds = t.node('ReduceMean', [tokens], { axes: [1], keepdims: 0 }, 'text_embeds');
  const text = t.encode(
    [{ name: 'input_ids', dims: ['batch', 'sequence'], type: DataType.INT64 }, { name: 'attention_mask', dims: ['batch', 'sequence'], type: DataType.INT64 }],
    [{ name: textEmbeds, dims: ['batch', 3] }, { name: tokens, dims: ['batch', 'sequence', 3] }], {}, 'clip_text_test',
  );
  return { vision, text, tokenizer, vocab };
}

/**
 * A video clip model with a time axis (batch × 3 × `frames` × 96 × 112, channels first): each channel's mean over
 * the whole clip, less the mean of the three (how far the clip leans to each colour). Output `clip_embedding`.
 */
export function clipModelWithTime(frames = 4): Uint8Array {
  const g = new OnnxGraph();
  const channels = g.node('ReduceMean', ['video'], { axes: [2, 3, 4], keepdims: 0 }, 'channel_means');
  const grey = g.node('ReduceMean', [channels], { axes: [1], keepdims: 1 }, 'grey');
  const out = g.node('Sub', [channels, grey], {}, 'clip_embedding');
  return g.encode({ name: 'video', dims: ['batch', 3, frames, 96, 112] }, { name: out, dims: ['batch', 3] }, {}, 'video_clip_test');
}
