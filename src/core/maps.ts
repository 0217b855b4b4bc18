// Maps replaced whole rather than changed in place: state that is assigned a
// new map is seen to change (a Map changed in place is not). Pure.

export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V | null | undefined): ReadonlyMap<K, V> {
  const next = new Map(map);
  if (value === null || value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}

export function mapOf<K, V>(entries: Iterable<readonly [K, V]> = []): ReadonlyMap<K, V> {
  return new Map(entries);
}
