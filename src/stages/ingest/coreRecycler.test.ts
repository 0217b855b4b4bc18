import { describe, expect, it } from 'vitest';
import { CoreRecycler } from './coreRecycler';

/** A recycler over fake cores numbered by load (the loads in `failing` fail), recording which were disposed. */
function recycler(budget: number, failing: number[] = []) {
  const disposed: number[] = [];
  let made = 0;
  const r = new CoreRecycler<number>(
    () => (failing.includes(++made) ? Promise.reject(new Error('no core')) : Promise.resolve(made)),
    (c) => disposed.push(c),
    budget,
  );
  return { r, disposed };
}

const tick = () => new Promise((res) => setTimeout(res, 0));

describe('CoreRecycler', () => {
  it('keeps one core for its runs, then gives a fresh one and disposes the spent one', async () => {
    const { r, disposed } = recycler(3);
    const seen: number[] = [];
    for (let i = 0; i < 7; i++) await r.use((l) => (l.ran(), seen.push(l.core)));
    await tick();
    expect(seen).toEqual([1, 1, 1, 2, 2, 2, 3]);
    expect(disposed).toEqual([1, 2]);
    expect(r.loads).toBe(3);
  });

  it('counts every run of a use, and a use with no run does not spend the core', async () => {
    const { r } = recycler(4);
    await r.use((l) => (l.ran(), l.ran()));
    await r.use(() => undefined);
    expect(await r.use((l) => (l.ran(), l.core))).toBe(1);
    expect(await r.use((l) => l.core)).toBe(1);
    // the fourth run spent it
    expect(await r.use((l) => (l.ran(), l.core))).toBe(1);
    expect(await r.use((l) => l.core)).toBe(2);
  });

  it('a costly run spends more of the budget', async () => {
    const { r } = recycler(8);
    await r.use((l) => l.ran(4));
    expect(await r.use((l) => (l.ran(), l.core))).toBe(1);
    await r.use((l) => l.ran(3));
    expect(await r.use((l) => l.core)).toBe(2);
  });

  it('does not dispose a spent core while someone still holds it', async () => {
    const { r, disposed } = recycler(1);
    let release!: () => void;
    const held = r.use(async (l) => {
      l.ran();
      await new Promise<void>((res) => (release = res));
      return l.core;
    });
    await tick();
    // the holder spent the core: a newcomer gets a fresh one, the old one lives on
    expect(await r.use((l) => l.core)).toBe(2);
    await tick();
    expect(disposed).toEqual([]);
    release();
    expect(await held).toBe(1);
    await tick();
    expect(disposed).toEqual([1]);
  });

  it('a crash retires the core at once: the next use gets a fresh one, even with runs left', async () => {
    const { r, disposed } = recycler(100);
    await expect(r.use((l) => {
      l.ran();
      l.crashed();
      throw new Error('memory access out of bounds');
    })).rejects.toThrow('out of bounds');
    expect(await r.use((l) => l.core)).toBe(2);
    await tick();
    expect(disposed).toEqual([1]);
  });

  it('a core that fails to load fails its use, and the next use loads again', async () => {
    const { r, disposed } = recycler(5, [1]);
    await expect(r.use((l) => l.core)).rejects.toThrow('no core');
    expect(await r.use((l) => l.core)).toBe(2);
    await tick();
    expect(disposed).toEqual([]);
    expect(r.loads).toBe(2);
  });

  it('uses waiting on the same load share the one core', async () => {
    const { r } = recycler(10);
    const cores = await Promise.all([r.use((l) => l.core), r.use((l) => l.core), r.use((l) => l.core)]);
    expect(cores).toEqual([1, 1, 1]);
    expect(r.loads).toBe(1);
  });
});
