// The reference design's triplet log-ratio loss, in plain numbers (the
// training code computes the same with tensors; this is its specification).
// For frames A, B, C: r = log((ε + |A−B|²) / (ε + |B−C|²)) in input space,
// r' the same in code space; the loss is (r − r')², averaged over triplets.
export const TRIPLET_EPSILON = 1e-3;

export function sqDist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return s;
}

export function logRatio(a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>, eps = TRIPLET_EPSILON): number {
  return Math.log((eps + sqDist(a, b)) / (eps + sqDist(b, c)));
}

export function tripletLogRatioLoss(
  inputs: [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>][],
  codes: [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>][],
  eps = TRIPLET_EPSILON,
): number {
  let s = 0;
  inputs.forEach(([a, b, c], i) => {
    const [ca, cb, cc] = codes[i]!;
    const d = logRatio(a, b, c, eps) - logRatio(ca, cb, cc, eps);
    s += d * d;
  });
  return s / inputs.length;
}
