// Hands out the ffmpeg.wasm core and replaces it after a number of runs. ffmpeg's command-line code was not
// written to run many times in one process: after some tens of runs in one instance its state goes bad, and a
// run fails with "memory access out of bounds" or, when the fault is on one of its decoding threads, hangs for
// good (ffmpeg.wasm issues #563, #820; here the 14th dense pass of a drop). A fresh instance does not fail.
// Pure: the loader and the disposer are given, so the lifecycle is unit-tested in Node (coreRecycler.test.ts).

/** One user's hold on a core: the core stays alive until every holder is done with it. */
export interface CoreLease<C> {
  readonly core: C;
  /** Counts a run on this core (call it before the run): `cost` 1 for a short one, more for a long decoding pass. */
  ran(cost?: number): void;
  /** The run trapped: the core's state is broken, so no one is given it again. */
  crashed(): void;
}

interface Slot<C> {
  core: Promise<C>;
  runs: number;
  users: number;
  retired: boolean;
}

export class CoreRecycler<C> {
  private slot: Slot<C> | null = null;
  /** Cores loaded so far (for logs and tests). */
  loads = 0;

  /**
   * @param load makes a fresh core
   * @param dispose frees a core nobody holds any more (its threads and memory)
   * @param budget run costs (ran) after which the core is replaced once its holders are done
   */
  constructor(
    private readonly load: () => Promise<C>,
    private readonly dispose: (core: C) => void,
    private readonly budget: number,
  ) {}

  /** Runs `fn` on the current core, or a fresh one when the current one is spent or broken. */
  async use<T>(fn: (lease: CoreLease<C>) => T | Promise<T>): Promise<T> {
    const slot = this.current();
    slot.users++;
    try {
      const core = await slot.core;
      return await fn({
        core,
        ran: (cost = 1) => {
          slot.runs += cost;
          if (slot.runs >= this.budget) slot.retired = true;
        },
        crashed: () => {
          slot.retired = true;
        },
      });
    } finally {
      slot.users--;
      this.release(slot);
    }
  }

  private current(): Slot<C> {
    if (this.slot && !this.slot.retired) return this.slot;
    this.loads++;
    const slot: Slot<C> = { core: this.load(), runs: 0, users: 0, retired: false };
    // A core that fails to load is not kept: the next use tries again.
    slot.core.catch(() => {
      slot.retired = true;
    });
    return (this.slot = slot);
  }

  /** A retired core goes once its last holder is done; the next use loads a fresh one. */
  private release(slot: Slot<C>): void {
    if (!slot.retired || slot.users > 0) return;
    if (this.slot === slot) this.slot = null;
    slot.core.then(this.dispose, () => undefined);
  }
}
