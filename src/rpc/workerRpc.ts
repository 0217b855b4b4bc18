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
      opts.signal?.addEventListener('abort', () => this.terminate(), { once: true });
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

type Handlers<P extends Protocol> = {
  [K in keyof P]: (payload: P[K]['payload'], emit: (event: P[K]['event'], transfer?: Transferable[]) => void) => Promise<P[K]['result']> | P[K]['result'];
};

/** Worker side: dispatch requests to handlers and post their replies. */
export function serve<P extends Protocol>(stage: Stage, handlers: Handlers<P>): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = async (e: MessageEvent<Request>) => {
    const { id, type, payload } = e.data;
    const post = (r: Reply, transfer: Transferable[] = []) => scope.postMessage(r, transfer);
    try {
      const handler = handlers[type as keyof P];
      if (!handler) throw new AppError('internal', stage, `unknown request ${type}`);
      const result = await handler(payload, (event, transfer) => post({ id, kind: 'event', event }, transfer));
      post({ id, kind: 'result', result });
    } catch (err) {
      post({ id, kind: 'error', error: AppError.from(err, stage).toJSON() });
    }
  };
}
