import { describe, expect, it } from 'vitest';
import { autoencoderShape, geometricSteps } from './layerSizes';

describe('autoencoder layer sizes', () => {
  it('reproduces the reference design 256→50→10→2→6→22→76→256', () => {
    expect(autoencoderShape(256, 2)).toEqual({ encoder: [50, 10, 2], decoder: [6, 22, 76, 256] });
  });
  it('follows other input and code sizes', () => {
    expect(autoencoderShape(128, 2)).toEqual({ encoder: [32, 8, 2], decoder: [5, 16, 45, 128] });
    expect(autoencoderShape(256, 3).encoder).toEqual([58, 13, 3]);
    // a first look's 95 PCA axes with the hidden layers of the configured 256
    expect(autoencoderShape(95, 2, 256)).toEqual({ encoder: [50, 10, 2], decoder: [6, 22, 76, 95] });
    expect(geometricSteps(1000, 10, 2)).toEqual([100]);
  });
});
