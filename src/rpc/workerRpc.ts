// One typed RPC for every worker: requests {id, type, payload}; replies are a
// result or an error, with any number of events (progress, logs) before them.
// Cancelling = terminating the worker (the only way to stop wasm mid-run); the
// next call spawns a fresh one. A client may also let its worker go after a
// while unused (idleMs), as Squoosh does: what a worker holds (a wasm core, a
// model session) is given back and loaded again on the next call.
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

export interface ClientOptions {
  /**
   * Terminate the worker after this many ms with no call in flight; the next
   * call spawns a fresh one. For workers whose state is cheap to rebuild and
   * costly to keep (a query's own ffmpeg core or model session). Default: never.
   */
  idleMs?: number;
}

export class RpcClient<P extends Protocol> {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** let the worker go as soon as no call is in flight (recycle) */
  private retiring = false;

  constructor(
    private readonly spawn: () => Worker,
    private readonly stage: Stage,
    private readonly options: ClientOptions = {},
  ) {}

  call<K extends keyof P & string>(type: K, payload: P[K]['payload'], opts: CallOptions<P[K]['event']> = {}): Promise<P[K]['result']> {
    if (opts.signal?.aborted) return Promise.reject(new AbortedError());
    clearTimeout(this.idleTimer);
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
    clearTimeout(this.idleTimer);
    this.retiring = false;
    this.worker?.terminate();
    this.worker = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(reason);
  }

  private cancelOne(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.settle(id);
    this.worker?.postMessage({ id, type: CANCEL, payload: null } satisfies Request);
    p.reject(new AbortedError());
  }

  /**
   * Lets the worker go once no call is in flight (now, when none is); the next call starts a fresh one. For a worker
   * whose set-up cannot change once made (onnxruntime-web's thread count): calls in flight finish on the old one.
   */
  recycle(): void {
    if (!this.worker) return;
    if (this.pending.size === 0) this.terminate();
    else this.retiring = true;
  }

  /** A call is over: with none left in flight, an idle client starts counting down to letting its worker go. */
  private settle(id: number): void {
    this.pending.delete(id);
    if (this.retiring && this.pending.size === 0) return this.terminate();
    const { idleMs } = this.options;
    if (idleMs === undefined || this.pending.size > 0 || !this.worker) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.pending.size === 0) this.terminate();
    }, idleMs);
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
    this.settle(r.id);
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

/** The side of a worker that `serve` uses: its global scope, or one end of a MessageChannel in tests. */
export interface ServeScope {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(message: Reply, transfer: Transferable[]): void;
}

/** Worker side: dispatch requests to handlers and post their replies. */
export function serve<P extends Protocol>(stage: Stage, handlers: Handlers<P>, scope: ServeScope = self as unknown as DedicatedWorkerGlobalScope): void {
  // onnxruntime-web's WebAssembly threads are workers that load this same bundle, named 'em-pthread': there the
  // engine owns the messages, and answering them as requests would leave the thread pool waiting forever.
  if ((globalThis as { name?: string }).name?.startsWith('em-pthread')) return;
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
