// The reference design's percentile stretch: the autoencoder's code cloud is
// dense in the middle; remapping each point's radius through the cloud's own
// radial percentiles spreads it evenly over a disc (a uniform disc has
// P(radius ≤ r) = r²), so thumbnails tile the map without a crowded centre.
// The percentile table is kept with the layout to place new frames the same way.
export interface Stretch {
  cx: number;
  cy: number;
  /** radii at evenly spaced percentiles 0, 1/(n−1), …, 1 */
  radii: number[];
  /** rotation applied after stretching, radians */
  angle: number;
  /** y mirrored before the rotation (a retrain aligned to the map it replaces may need it); absent = false */
  mirror?: boolean;
}

export function fitStretch(xy: Float32Array, percentiles = 101, angle = 0): Stretch {
  const n = xy.length / 2;
  let cx = 0, cy = 0;
  for (let i = 0; i < n; i++) {
    cx += xy[2 * i]!;
    cy += xy[2 * i + 1]!;
  }
  cx /= n;
  cy /= n;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.hypot(xy[2 * i]! - cx, xy[2 * i + 1]! - cy);
  r.sort();
  const radii = Array.from({ length: percentiles }, (_, k) => {
    const pos = (k / (percentiles - 1)) * (n - 1);
    const lo = Math.floor(pos);
    return r[lo]! + (r[Math.min(n - 1, lo + 1)]! - r[lo]!) * (pos - lo);
  });
  return { cx, cy, radii, angle };
}

/** Fraction of the cloud within radius r (linear between percentiles, clamped to 0 and 1 outside). */
function radialCdf(s: Stretch, r: number): number {
  const { radii } = s;
  const last = radii.length - 1;
  if (r >= radii[last]!) return 1;
  // Nearer the centre than any training point (a placed frame can be): the centre, not √ of a negative share.
  if (r <= radii[0]!) return 0;
  let lo = 0, hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (radii[mid]! <= r) lo = mid;
    else hi = mid;
  }
  const span = radii[hi]! - radii[lo]!;
  const t = span > 0 ? (r - radii[lo]!) / span : 0;
  return (lo + t) / last;
}

/** Points mapped into the unit disc: radius √CDF(r), direction kept, then rotated. */
export function applyStretch(s: Stretch, xy: Float32Array): Float32Array {
  const out = new Float32Array(xy.length);
  const cos = Math.cos(s.angle), sin = Math.sin(s.angle);
  for (let i = 0; i < xy.length; i += 2) {
    const dx = xy[i]! - s.cx, dy = xy[i + 1]! - s.cy;
    const r = Math.hypot(dx, dy);
    const k = r > 0 ? Math.sqrt(radialCdf(s, r)) / r : 0;
    const x = dx * k, y = (s.mirror ? -dy : dy) * k;
    out[i] = x * cos - y * sin;
    out[i + 1] = x * sin + y * cos;
  }
  return out;
}

/** Laid-out points mirrored (y → −y) when asked, then turned about the origin: what `then` does to a stretch. */
export function transformPoints(xy: Float32Array, t: { angle: number; mirror: boolean }): Float32Array {
  return rotatePoints(t.mirror ? xy.map((v, i) => (i % 2 ? -v : v)) : xy, t.angle);
}

/** The stretch followed by `t` (mirror, then turn): M·R(a) = R(−a)·M, so a mirror flips the stored angle. */
export function thenTransform(s: Stretch, t: { angle: number; mirror: boolean }): Stretch {
  return { ...s, angle: t.angle + (t.mirror ? -s.angle : s.angle), mirror: !!s.mirror !== t.mirror };
}

/** Turns laid-out points about the origin (the centre of the stretched disc). */
export function rotatePoints(xy: Float32Array, radians: number): Float32Array {
  const cos = Math.cos(radians), sin = Math.sin(radians);
  const out = new Float32Array(xy.length);
  for (let i = 0; i < xy.length; i += 2) {
    out[i] = xy[i]! * cos - xy[i + 1]! * sin;
    out[i + 1] = xy[i]! * sin + xy[i + 1]! * cos;
  }
  return out;
}
