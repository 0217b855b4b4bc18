import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { CLIP_IMAGE_MEAN, clipVisionDescriptor, inferTextTower, pairRoles, textInput } from './clipPair';
import { inferDescriptor, inputDims, ModelRefusal, pixelsToInput, type GraphShapes } from './imageModel';
import { clipTestPair } from './testModels';

ort.env.wasm.numThreads = 1;

const shapes = (s: ort.InferenceSession): GraphShapes => {
  const of = (l: typeof s.inputMetadata) => l.map((m) => ({ name: m.name, shape: m.isTensor ? [...m.shape] : [] }));
  return { inputs: of(s.inputMetadata), outputs: of(s.outputMetadata) };
};

describe('CLIP pairs', () => {
  it('tells the text tower from the vision tower and reads how each is called', () => {
    const text: GraphShapes = { inputs: [{ name: 'input_ids', shape: ['b', 77] }, { name: 'attention_mask', shape: ['b', 77] }], outputs: [{ name: 'last_hidden_state', shape: ['b', 77, 512] }, { name: 'text_embeds', shape: ['b', 512] }] };
    const vision: GraphShapes = { inputs: [{ name: 'pixel_values', shape: ['b', 3, 224, 224] }], outputs: [{ name: 'last_hidden_state', shape: ['b', 50, 768] }, { name: 'image_embeds', shape: ['b', 512] }] };
    expect(pairRoles(vision, text)).toEqual({ text: 1, vision: 0 });
    expect(() => pairRoles(vision, vision)).toThrow(/neither ONNX file is a text tower/);
    expect(inferTextTower(text)).toEqual({ input: 'input_ids', mask: 'attention_mask', output: 'text_embeds', length: 77 });
    expect(() => inferTextTower({ ...text, inputs: [...text.inputs, { name: 'position_ids', shape: ['b', 77] }] })).toThrow(ModelRefusal);
    // CLIP's preprocessing, the image embedding (not the hidden states), the centre square
    const d = clipVisionDescriptor(inferDescriptor(vision).descriptor, vision, { image_mean: [0.5, 0.5, 0.5], image_std: [0.25, 0.25, 0.25] });
    expect(d).toMatchObject({ output: 'image_embeds', crop: 'centre', scaling: { kind: 'mean-std', mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] } });
    expect(clipVisionDescriptor(d, vision, null).scaling).toMatchObject({ mean: CLIP_IMAGE_MEAN });
  });

  it('pads a query to the tower\'s length with the end token, cutting a long one before its end token', () => {
    const fixed = { input: 'ids', mask: 'm', output: 'e', length: 5 };
    const short = textInput([9, 1, 2, 8], fixed, 8);
    expect(Array.from(short.ids, Number)).toEqual([9, 1, 2, 8, 8]);
    expect(Array.from(short.mask, Number)).toEqual([1, 1, 1, 1, 0]);
    expect(Array.from(textInput([9, 1, 2, 3, 4, 5, 8], fixed, 8).ids, Number)).toEqual([9, 1, 2, 3, 8]);
    expect(Array.from(textInput([9, 1, 8], { ...fixed, length: null }, 8).ids, Number)).toEqual([9, 1, 8]);
  });

  it('the test pair, through the maintained tokenizer and onnxruntime: each colour word is nearest its own picture', async () => {
    const pair = clipTestPair();
    const tokenizer = new Tokenizer(pair.tokenizer, {});
    expect(tokenizer.encode('A Green photo').tokens).toEqual(['<|startoftext|>', 'a</w>', 'green</w>', 'photo</w>', '<|endoftext|>']);
    const [vision, text] = await Promise.all([pair.vision, pair.text].map((b) => ort.InferenceSession.create(b, { executionProviders: ['wasm'] })));
    const vg = shapes(vision!);
    const d = clipVisionDescriptor(inferDescriptor(vg).descriptor, vg, null);
    const tower = inferTextTower(shapes(text!));
    const per = 3 * 224 * 224;
    const colours = [[200, 50, 40], [50, 180, 60], [45, 70, 200]];
    const input = new Float32Array(3 * per);
    colours.forEach((rgb, k) => pixelsToInput(Uint8ClampedArray.from({ length: 224 * 224 * 4 }, (_, i) => (i % 4 === 3 ? 255 : rgb[i % 4]!)), d, input, k * per));
    const images = (await vision!.run({ pixel_values: new ort.Tensor('float32', input, inputDims(d, 3)) }))[d.output]!.data as Float32Array;
    const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    for (const [k, words] of ['red', 'a green photo', 'BLUE car'].entries()) {
      const { ids, mask } = textInput(tokenizer.encode(words).ids, tower, tokenizer.encode('').ids.at(-1)!);
      const out = await text!.run({ input_ids: new ort.Tensor('int64', ids, [1, ids.length]), attention_mask: new ort.Tensor('int64', mask, [1, mask.length]) });
      const v = out[tower.output]!.data as Float32Array;
      const scores = [0, 1, 2].map((j) => cos(v, images.subarray(j * 3, j * 3 + 3)));
      expect(scores.indexOf(Math.max(...scores))).toBe(k);
      expect(scores[k]).toBeGreaterThan(0.5);
    }
  });
});
