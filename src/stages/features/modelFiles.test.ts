import { describe, expect, it } from 'vitest';
import { chooseModelFiles } from './modelFiles';

const names = (fs: { name: string }[]) => fs.map((f) => f.name);

describe('model files from a drop or a folder', () => {
  it('takes a transformers.js export: each tower in full precision, its tokenizer and preprocessor configs', () => {
    const folder = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.json', 'merges.txt', 'preprocessor_config.json',
      'text_model.onnx', 'text_model_quantized.onnx', 'text_model_fp16.onnx', 'vision_model_quantized.onnx', 'vision_model.onnx', 'README.md'].map((name) => ({ name }));
    const c = chooseModelFiles(folder);
    expect(names(c.onnx)).toEqual(['text_model.onnx', 'vision_model.onnx']);
    expect(names(c.json)).toEqual(['tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json']);
    expect(names(c.ignored)).toEqual(['config.json', 'special_tokens_map.json', 'vocab.json', 'merges.txt', 'text_model_quantized.onnx', 'text_model_fp16.onnx', 'vision_model_quantized.onnx', 'README.md']);
  });

  it('keeps a quantized graph when it is the only one, and Keras weights', () => {
    const c = chooseModelFiles([{ name: 'model_quantized.onnx' }, { name: 'xception.h5' }]);
    expect(names(c.onnx)).toEqual(['model_quantized.onnx']);
    expect(names(c.h5)).toEqual(['xception.h5']);
    expect(c.ignored).toEqual([]);
  });
});
