// Which of the files a person drops (or a folder they pick, e.g. a model exported for transformers.js, with its
// onnx/ subfolder of variants) make the model: ONNX graphs (one image or clip model, or a CLIP pair's two towers,
// the full-precision variant of each where several are there), the tokenizer and its config, the image
// preprocessor config, Keras weights. Everything else (config.json, vocab.json, merges.txt, READMEs) is left out. Pure.

export interface ModelFileChoice<F extends { name: string }> {
  onnx: F[];
  json: F[];
  h5: F[];
  /** left out: not part of a model this app loads */
  ignored: F[];
}

const VARIANT = /_(quantized|fp16|int8|uint8|q4|q4f16|bnb4)\.onnx$/i;
const JSON_WANTED = /(^|\/)(tokenizer|tokenizer_config|preprocessor_config)\.json$/i;

/** The dropped files sorted; among several ONNX variants of one graph, the full-precision one (else the first). */
export function chooseModelFiles<F extends { name: string }>(files: readonly F[]): ModelFileChoice<F> {
  const onnxAll = files.filter((f) => /\.onnx$/i.test(f.name));
  const byGraph = new Map<string, F[]>();
  for (const f of onnxAll) {
    const base = f.name.replace(VARIANT, '.onnx').toLowerCase();
    byGraph.set(base, [...(byGraph.get(base) ?? []), f]);
  }
  const onnx = [...byGraph.values()].map((group) => group.find((f) => !VARIANT.test(f.name)) ?? group[0]!);
  const json = files.filter((f) => JSON_WANTED.test(f.name));
  const h5 = files.filter((f) => /\.(h5|hdf5)$/i.test(f.name));
  const kept = new Set<F>([...onnx, ...json, ...h5]);
  return { onnx, json, h5, ignored: files.filter((f) => !kept.has(f)) };
}
