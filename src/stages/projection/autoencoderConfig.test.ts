import { describe, expect, it } from 'vitest';
import { refineEpochs } from './autoencoderConfig';

describe('epochs of an automatic retrain that refines', () => {
  it('runs a third of the epochs asked, at least 10 and never more than asked', () => {
    expect(refineEpochs(60)).toBe(20);
    expect(refineEpochs(200)).toBe(67);
    expect(refineEpochs(20)).toBe(10);
    expect(refineEpochs(6)).toBe(6);
    expect(refineEpochs(1)).toBe(1);
  });
});
