// Hidden layer widths of the reference autoencoder: weighted geometric means
// of the input and code sizes, so they follow when either changes.
// 256 → 50 → 10 → 2 (encoder, 3 steps) and 2 → 6 → 22 → 76 → 256 (decoder, 4 steps).
export function geometricSteps(from: number, to: number, steps: number): number[] {
  const sizes: number[] = [];
  for (let i = 1; i < steps; i++) {
    // log-space interpolation: from^((steps−i)/steps) · to^(i/steps)
    const v = Math.exp(((steps - i) * Math.log(from) + i * Math.log(to)) / steps);
    sizes.push(Math.max(1, Math.floor(v + 1e-9)));
  }
  return sizes;
}

export interface AutoencoderShape {
  encoder: number[];
  decoder: number[];
}

/**
 * Widths of every Dense layer, input excluded: encoder ends at the code, decoder at the input size. The hidden
 * widths follow `hiddenFrom` (by default the input size): the configured PCA size, so that a layout of a few
 * frames, which keeps fewer PCA axes, has the hidden layers of its retrain and can hand its weights on.
 */
export function autoencoderShape(input: number, code: number, hiddenFrom = input, encoderSteps = 3, decoderSteps = 4): AutoencoderShape {
  return {
    encoder: [...geometricSteps(hiddenFrom, code, encoderSteps), code],
    decoder: [...geometricSteps(code, hiddenFrom, decoderSteps), input],
  };
}
