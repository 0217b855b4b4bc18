// One typed RPC for every worker: requests {id, type, payload}; replies are a
// result or an error, with any number of events (progress, logs) before them.
// Cancelling = terminating the worker (the only way to stop wasm mid-run); the
// next call spawns a fresh one.
import { AbortedError, AppError, type SerializedError, type Stage } from '../core/errors';

export interface Endpoint<P, R, E> {
  payload: P;
  result: R;
  event: E;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Protocol = Record<string, Endpoint<any, any, any>>;

export interface Request {
  id: number;
  type: string;
  payload: unknown;
}

export type Reply =
  | { id: number; kind: 'result'; result: unknown }
  | { id: number; kind: 'error'; error: SerializedError }
  | { id: number; kind: 'event'; event: unknown };

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onEvent?: (e: unknown) => void;
}

export interface CallOptions<E> {
  onEvent?: (event: E) => void;
  transfer?: Transferable[];
  signal?: AbortSignal;
  /**
   * How an abort stops the call: 'terminate' kills the worker (the only way to
   * stop wasm mid-run); 'message' asks the worker to drop just this request,
   * for cheap calls such as map tiles where the worker's state is worth keeping.
   */
  cancel?: 'terminate' | 'message';
}

export class RpcClient<P extends Protocol> {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(
    private readonly spawn: () => Worker,
    private readonly stage: Stage,
  ) {}

  call<K extends keyof P & string>(type: K, payload: P[K]['payload'], opts: CallOptions<P[K]['event']> = {}): Promise<P[K]['result']> {
    if (opts.signal?.aborted) return Promise.reject(new AbortedError());
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve, reject };
      if (opts.onEvent) entry.onEvent = opts.onEvent as (e: unknown) => void;
      this.pending.set(id, entry);
      opts.signal?.addEventListener('abort', () => (opts.cancel === 'message' ? this.cancelOne(id) : this.terminate()), { once: true });
      worker.postMessage({ id, type, payload } satisfies Request, opts.transfer ?? []);
    });
  }

  /** Stops the worker now; pending calls reject with an abort. */
  terminate(reason: Error = new AbortedError()): void {
    this.worker?.terminate();
    this.worker = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(reason);
  }

  private cancelOne(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.worker?.postMessage({ id, type: CANCEL, payload: null } satisfies Request);
    p.reject(new AbortedError());
  }

  get alive(): boolean {
    return this.worker !== null;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.spawn();
    w.onmessage = (e: MessageEvent<Reply>) => this.onReply(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      this.terminate(new AppError('worker-crashed', this.stage, `${this.stage} worker crashed: ${e.message || 'unknown error'}`));
    };
    this.worker = w;
    return w;
  }

  private onReply(r: Reply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    if (r.kind === 'event') {
      p.onEvent?.(r.event);
      return;
    }
    this.pending.delete(r.id);
    if (r.kind === 'result') p.resolve(r.result);
    else p.reject(AppError.from(r.error, this.stage));
  }
}

const CANCEL = '$cancel';

/** A handler's result whose buffers or bitmaps move to the client instead of being copied. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly transfer: Transferable[],
  ) {}
}

type Handlers<P extends Protocol> = {
  [K in keyof P]: (
    payload: P[K]['payload'],
    emit: (event: P[K]['event'], transfer?: Transferable[]) => void,
    /** aborted when the client cancels this request with cancel: 'message' */
    signal: AbortSignal,
  ) => Promise<P[K]['result'] | Transfer<P[K]['result']>> | P[K]['result'] | Transfer<P[K]['result']>;
};

/** Worker side: dispatch requests to handlers and post their replies. */
export function serve<P extends Protocol>(stage: Stage, handlers: Handlers<P>): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const running = new Map<number, AbortController>();
  scope.onmessage = async (e: MessageEvent<Request>) => {
    const { id, type, payload } = e.data;
    if (type === CANCEL) {
      running.get(id)?.abort();
      return;
    }
    const post = (r: Reply, transfer: Transferable[] = []) => scope.postMessage(r, transfer);
    const ctl = new AbortController();
    running.set(id, ctl);
    try {
      const handler = handlers[type as keyof P];
      if (!handler) throw new AppError('internal', stage, `unknown request ${type}`);
      const result = await handler(payload, (event, transfer) => post({ id, kind: 'event', event }, transfer), ctl.signal);
      if (result instanceof Transfer) post({ id, kind: 'result', result: result.value }, result.transfer);
      else post({ id, kind: 'result', result });
    } catch (err) {
      post({ id, kind: 'error', error: AppError.from(err, stage).toJSON() });
    } finally {
      running.delete(id);
    }
  };
}
