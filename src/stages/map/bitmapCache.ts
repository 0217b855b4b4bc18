// Decoded frames kept by the tile worker: least recently used out first once
// the pixels held pass a byte budget (ImageBitmaps are closed when evicted).
// A pinned item (being drawn by a tile) is never evicted until unpinned.

/** Heights frames are decoded at; 0 = as stored. One decode serves every cell up to that height. */
const HEIGHTS = [40, 80, 160];

export function decodeHeight(shown: number): number {
  return HEIGHTS.find((h) => h >= shown) ?? 0;
}

interface Sized {
  width: number;
  height: number;
  close(): void;
}

export class BitmapCache<T extends Sized = ImageBitmap> {
  private readonly items = new Map<string, T>();
  private readonly pins = new Map<string, number>();
  private bytes = 0;

  constructor(readonly budget: number) {}

  get(key: string): T | undefined {
    const v = this.items.get(key);
    if (v) {
      // Map keeps insertion order: re-inserting marks it most recently used.
      this.items.delete(key);
      this.items.set(key, v);
    }
    return v;
  }

  put(key: string, v: T): void {
    const old = this.items.get(key);
    if (old) this.drop(key, old);
    this.items.set(key, v);
    this.bytes += v.width * v.height * 4;
    this.evict();
  }

  /** Keeps an item from eviction until unpin (calls nest). */
  pin(key: string): void {
    this.pins.set(key, (this.pins.get(key) ?? 0) + 1);
  }

  unpin(key: string): void {
    const n = (this.pins.get(key) ?? 0) - 1;
    if (n > 0) this.pins.set(key, n);
    else this.pins.delete(key);
    this.evict();
  }

  private evict(): void {
    for (const [k, item] of this.items) {
      if (this.bytes <= this.budget) break;
      if (this.pins.has(k) || k === this.newest()) continue;
      this.drop(k, item);
    }
  }

  private newest(): string | undefined {
    let last: string | undefined;
    for (const k of this.items.keys()) last = k;
    return last;
  }

  /** Drops everything not pinned. */
  clear(): void {
    for (const [k, v] of this.items) if (!this.pins.has(k)) this.drop(k, v);
  }

  get size(): number {
    return this.items.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  private drop(key: string, v: T): void {
    this.items.delete(key);
    this.bytes -= v.width * v.height * 4;
    v.close();
  }
}
