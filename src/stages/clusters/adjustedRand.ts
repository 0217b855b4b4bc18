// The adjusted Rand index (Hubert & Arabie 1985): agreement between two
// labellings of the same items, 1 when identical, about 0 by chance. Noise
// (-1) counts as one label of its own. For tests and the benchmark.
export function adjustedRand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const pairs = (x: number) => (x * (x - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}|${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  let index = 0, sumA = 0, sumB = 0;
  for (const c of table.values()) index += pairs(c);
  for (const c of rows.values()) sumA += pairs(c);
  for (const c of cols.values()) sumB += pairs(c);
  const expected = (sumA * sumB) / Math.max(1, pairs(n));
  const max = (sumA + sumB) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
