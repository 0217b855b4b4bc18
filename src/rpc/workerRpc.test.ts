// The real client and the real `serve`, joined by a MessageChannel in place of
// a Worker: messages are structured-cloned and transferables moved as between
// threads; terminating closes the channel, so the "worker" hears nothing more.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, isAbort } from '../core/errors';
import { RpcClient, serve, Transfer, type ClientOptions, type Endpoint, type ServeScope } from './workerRpc';

type TestProtocol = {
  echo: Endpoint<{ n: number }, { n: number }, never>;
  count: Endpoint<{ to: number }, number, { i: number }>;
  hold: Endpoint<null, string, never>;
  swap: Endpoint<{ buf: ArrayBuffer }, { received: number; back: ArrayBuffer }, never>;
  fail: Endpoint<{ app: boolean }, never, never>;
};

/** What the fake workers saw: requests held open and their signals, buffers sent back. */
interface WorkerSide {
  held: AbortSignal[];
  release: (() => void)[];
  sentBack: ArrayBuffer[];
}

class ChannelWorker {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  private readonly port: MessagePort;

  constructor(side: WorkerSide) {
    const { port1, port2 } = new MessageChannel();
    serve<TestProtocol>('search', handlers(side), port1 as ServeScope);
    this.port = port2;
    port2.onmessage = (e) => this.onmessage?.(e);
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
}

function handlers(side: WorkerSide) {
  return {
    echo: ({ n }: { n: number }) => ({ n }),
    count: ({ to }: { to: number }, emit: (e: { i: number }) => void) => {
      for (let i = 1; i <= to; i++) emit({ i });
      return to;
    },
    hold: (_: null, _emit: unknown, signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        side.held.push(signal);
        side.release.push(() => resolve('released'));
        signal.addEventListener('abort', () => resolve('aborted'));
      }),
    swap: ({ buf }: { buf: ArrayBuffer }) => {
      const back = new Float64Array([1, 2]).buffer;
      side.sentBack.push(back);
      return new Transfer({ received: buf.byteLength, back }, [back]);
    },
    fail: ({ app }: { app: boolean }): never => {
      throw app ? new AppError('no-index', 'search', 'no layout') : new Error('boom');
    },
  };
}

function setup(options?: ClientOptions) {
  const side: WorkerSide = { held: [], release: [], sentBack: [] };
  const workers: ChannelWorker[] = [];
  const client = new RpcClient<TestProtocol>(
    () => {
      const w = new ChannelWorker(side);
      workers.push(w);
      return w as unknown as Worker;
    },
    'search',
    options,
  );
  return { client, side, workers };
}

/** Lets the channel deliver what is in flight. */
const settle = () => new Promise((r) => setTimeout(r, 5));
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await settle();
  expect(cond()).toBe(true);
}

let open: RpcClient<TestProtocol>[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of open) c.terminate();
  open = [];
});
function client(options?: ClientOptions) {
  const s = setup(options);
  open.push(s.client);
  return s;
}

describe('RpcClient and serve', () => {
  it('returns results and passes events before them', async () => {
    const { client: c, workers } = client();
    expect(await c.call('echo', { n: 7 })).toEqual({ n: 7 });
    const events: number[] = [];
    expect(await c.call('count', { to: 3 }, { onEvent: (e) => events.push(e.i) })).toBe(3);
    expect(events).toEqual([1, 2, 3]);
    expect(workers).toHaveLength(1);
  });

  it('rejects with the handler’s error, its code and stage kept', async () => {
    const { client: c } = client();
    const app = await c.call('fail', { app: true }).catch((e: unknown) => e);
    expect(app).toBeInstanceOf(AppError);
    expect(app).toMatchObject({ code: 'no-index', stage: 'search', message: 'no layout' });
    expect(await c.call('fail', { app: false }).catch((e: unknown) => e)).toMatchObject({ code: 'internal', stage: 'search', message: 'boom' });
  });

  it('terminate rejects every pending call and the next call spawns a fresh worker', async () => {
    const { client: c, side, workers } = client();
    const a = c.call('hold', null).catch((e: unknown) => e);
    const b = c.call('hold', null).catch((e: unknown) => e);
    await until(() => side.held.length === 2);
    c.terminate();
    expect(isAbort(await a)).toBe(true);
    expect(isAbort(await b)).toBe(true);
    expect(workers[0]!.terminated).toBe(true);
    expect(c.alive).toBe(false);

    const stalled = c.call('hold', null).catch((e: unknown) => e);
    await until(() => side.held.length === 3);
    c.terminate(new AppError('stalled', 'search', 'no progress'));
    expect(await stalled).toMatchObject({ code: 'stalled' });

    expect(await c.call('echo', { n: 1 })).toEqual({ n: 1 });
    expect(workers).toHaveLength(3);
  });

  it('cancel: "message" aborts the handler’s signal and keeps the worker', async () => {
    const { client: c, side, workers } = client();
    const ctl = new AbortController();
    const call = c.call('hold', null, { signal: ctl.signal, cancel: 'message' }).catch((e: unknown) => e);
    await until(() => side.held.length === 1);
    expect(side.held[0]!.aborted).toBe(false);
    ctl.abort();
    expect(isAbort(await call)).toBe(true);
    await until(() => side.held[0]!.aborted);
    expect(c.alive).toBe(true);
    expect(await c.call('echo', { n: 2 })).toEqual({ n: 2 });
    expect(workers).toHaveLength(1);
  });

  it('an abort without cancel: "message" terminates the worker', async () => {
    const { client: c, side, workers } = client();
    const ctl = new AbortController();
    const call = c.call('hold', null, { signal: ctl.signal }).catch((e: unknown) => e);
    await until(() => side.held.length === 1);
    ctl.abort();
    expect(isAbort(await call)).toBe(true);
    expect(workers[0]!.terminated).toBe(true);
    await expect(c.call('echo', { n: 1 }, { signal: ctl.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers).toHaveLength(1);
  });

  it('moves transferred buffers both ways instead of copying them', async () => {
    const { client: c, side } = client();
    const buf = new Float32Array([1, 2, 3]).buffer;
    const r = await c.call('swap', { buf }, { transfer: [buf] });
    expect(buf.byteLength).toBe(0);
    expect(r.received).toBe(12);
    expect(side.sentBack[0]!.byteLength).toBe(0);
    expect(Array.from(new Float64Array(r.back))).toEqual([1, 2]);
  });
});

describe('recycle', () => {
  it('lets the worker go now when idle, else after the calls in flight, which finish on it', async () => {
    const { client: c, side, workers } = client();
    await c.call('echo', { n: 1 });
    c.recycle();
    expect(workers[0]!.terminated).toBe(true);
    const long = c.call('hold', null);
    await until(() => side.held.length === 1);
    c.recycle();
    expect(c.alive).toBe(true);
    side.release[0]!();
    expect(await long).toBe('released');
    expect(workers[1]!.terminated).toBe(true);
    expect(c.alive).toBe(false);
    expect(await c.call('echo', { n: 2 })).toEqual({ n: 2 });
    expect(workers).toHaveLength(3);
    expect(workers[2]!.terminated).toBe(false);
  });
});

describe('idle time-to-live', () => {
  it('terminates the worker idleMs after the last call and respawns it on the next', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { client: c, workers } = client({ idleMs: 10_000 });
    await c.call('echo', { n: 1 });
    vi.advanceTimersByTime(9_999);
    expect(c.alive).toBe(true);
    await c.call('echo', { n: 2 }); // a call restarts the countdown
    vi.advanceTimersByTime(9_999);
    expect(c.alive).toBe(true);
    vi.advanceTimersByTime(1);
    expect(c.alive).toBe(false);
    expect(workers[0]!.terminated).toBe(true);
    expect(await c.call('echo', { n: 3 })).toEqual({ n: 3 });
    expect(workers).toHaveLength(2);
    expect(workers[1]!.terminated).toBe(false);
  });

  it('never ends a worker with a call in flight, however long it runs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { client: c, side, workers } = client({ idleMs: 100 });
    await c.call('echo', { n: 1 });
    const long = c.call('hold', null);
    const events: number[] = [];
    const counted = c.call('count', { to: 2 }, { onEvent: (e) => events.push(e.i) });
    expect(await counted).toBe(2); // one call ends while another is still running
    await vi.waitFor(() => expect(side.held).toHaveLength(1));
    vi.advanceTimersByTime(60_000);
    expect(c.alive).toBe(true);
    side.release[0]!();
    expect(await long).toBe('released');
    vi.advanceTimersByTime(99);
    expect(c.alive).toBe(true);
    vi.advanceTimersByTime(1);
    expect(c.alive).toBe(false);
    expect(workers).toHaveLength(1);
  });

  it('counts down after a cancelled call too, and not at all without idleMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { client: c, side } = client({ idleMs: 100 });
    const ctl = new AbortController();
    const call = c.call('hold', null, { signal: ctl.signal, cancel: 'message' }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(side.held).toHaveLength(1));
    ctl.abort();
    expect(isAbort(await call)).toBe(true);
    vi.advanceTimersByTime(100);
    expect(c.alive).toBe(false);

    const { client: plain } = client();
    await plain.call('echo', { n: 1 });
    vi.advanceTimersByTime(3_600_000);
    expect(plain.alive).toBe(true);
  });
});
