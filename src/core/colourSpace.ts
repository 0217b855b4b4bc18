// sRGB ↔ CIE Lab (D65 white, the sRGB white: no chromatic adaptation) and the
// CIEDE2000 colour difference. Lab here is *not* CSS `lab()`, which is defined
// relative to D50: a D65 Lab value written as CSS `lab()` shows a shifted colour,
// so colours go back to the screen as sRGB hex.

/** sRGB (linear) → XYZ, D65 (IEC 61966-2-1, 4 decimals). */
const M = [
  0.4124, 0.3576, 0.1805,
  0.2126, 0.7152, 0.0722,
  0.0193, 0.1192, 0.9505,
] as const;
/** D65 reference white, Y = 1. */
const XN = 0.95047, ZN = 1.08883;

function invert3(m: readonly number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h, B = f * g - d * i, C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A, c * h - b * i, b * f - c * e, B, a * i - c * g, c * d - a * f, C, b * g - a * h, a * e - b * d].map((v) => v / det);
}
/** XYZ → linear sRGB: the exact inverse of M, so a round trip is lossless before rounding. */
const MI = invert3(M);

export function srgbToLinear(c: number): number {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

/** Linear light (0–1) → sRGB 0–255, clamped and rounded. */
export function linearToSrgb(v: number): number {
  const c = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.max(v, 0) ** (1 / 2.4) - 0.055;
  return Math.round(255 * Math.min(1, Math.max(0, c)));
}

const LINEAR = Float32Array.from({ length: 256 }, (_, i) => srgbToLinear(i));

const EPS = 216 / 24389, KAPPA = 24389 / 27;

/** sRGB 0–255 (integers) → CIE Lab, D65. */
export function rgbToLab(r: number, g: number, b: number): [number, number, number] {
  const R = LINEAR[r]!, G = LINEAR[g]!, B = LINEAR[b]!;
  const f = (t: number) => (t > EPS ? Math.cbrt(t) : (KAPPA * t + 16) / 116);
  const x = f((M[0] * R + M[1] * G + M[2] * B) / XN);
  const y = f(M[3] * R + M[4] * G + M[5] * B);
  const z = f((M[6] * R + M[7] * G + M[8] * B) / ZN);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** CIE Lab, D65 → sRGB 0–255 (out-of-gamut colours clamped per channel). */
export function labToRgb(l: number, a: number, b: number): [number, number, number] {
  const fy = (l + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - b / 200;
  const inv = (t: number) => (t ** 3 > EPS ? t ** 3 : (116 * t - 16) / KAPPA);
  const X = inv(fx) * XN, Y = l > KAPPA * EPS ? fy ** 3 : l / KAPPA, Z = inv(fz) * ZN;
  return [
    linearToSrgb(MI[0]! * X + MI[1]! * Y + MI[2]! * Z),
    linearToSrgb(MI[3]! * X + MI[4]! * Y + MI[5]! * Z),
    linearToSrgb(MI[6]! * X + MI[7]! * Y + MI[8]! * Z),
  ];
}

/** `#rrggbb` */
export function rgbToHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** `#rrggbb` (or `#rgb`) → [r, g, b]; throws on anything else. */
export function hexToRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(hex);
  if (!m) throw new Error(`not a hex colour: ${hex}`);
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

const DEG = Math.PI / 180;

/** CIEDE2000 colour difference (Sharma, Wu & Dalal 2005; kL = kC = kH = 1). */
export function deltaE2000(lab1: readonly number[], lab2: readonly number[]): number {
  const [L1, a1, b1] = lab1 as [number, number, number];
  const [L2, a2, b2] = lab2 as [number, number, number];
  const Cab = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cab ** 7 / (Cab ** 7 + 25 ** 7)));
  const ap1 = (1 + G) * a1, ap2 = (1 + G) * a2;
  const C1 = Math.hypot(ap1, b1), C2 = Math.hypot(ap2, b2);
  const hue = (b: number, ap: number) => (b === 0 && ap === 0 ? 0 : (Math.atan2(b, ap) / DEG + 360) % 360);
  const h1 = hue(b1, ap1), h2 = hue(b2, ap2);
  const dL = L2 - L1, dC = C2 - C1;
  let dh = 0;
  if (C1 * C2 !== 0) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(C1 * C2) * Math.sin((dh / 2) * DEG);
  const Lm = (L1 + L2) / 2, Cm = (C1 + C2) / 2;
  let hm = h1 + h2;
  if (C1 * C2 !== 0) {
    if (Math.abs(h1 - h2) <= 180) hm /= 2;
    else hm = h1 + h2 < 360 ? (hm + 360) / 2 : (hm - 360) / 2;
  }
  const T = 1 - 0.17 * Math.cos((hm - 30) * DEG) + 0.24 * Math.cos(2 * hm * DEG) + 0.32 * Math.cos((3 * hm + 6) * DEG) - 0.2 * Math.cos((4 * hm - 63) * DEG);
  const dTheta = 30 * Math.exp(-(((hm - 275) / 25) ** 2));
  const RC = 2 * Math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7));
  const SL = 1 + (0.015 * (Lm - 50) ** 2) / Math.sqrt(20 + (Lm - 50) ** 2);
  const SC = 1 + 0.045 * Cm;
  const SH = 1 + 0.015 * Cm * T;
  const RT = -Math.sin(2 * dTheta * DEG) * RC;
  return Math.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH));
}
