// Errors carry a code (for logic and tests) and the stage (for people):
// "ingest: moov atom not found in holiday.mp4".
export type Stage = 'ingest' | 'storage' | 'features' | 'projection' | 'map' | 'poster' | 'search' | 'clusters' | 'detect' | 'share' | 'app';

export type ErrorCode =
  | 'empty-file'
  | 'not-video'
  | 'no-video-stream'
  | 'unsupported-codec'
  | 'decode-failed'
  | 'truncated'
  | 'quota'
  | 'storage'
  | 'stalled'
  | 'worker-crashed'
  | 'file-unavailable'
  | 'wrong-file'
  | 'unsupported-browser'
  | 'model-load'
  | 'inference'
  | 'no-index'
  | 'bad-bundle'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly stage: Stage,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AppError';
  }

  override toString(): string {
    return `${this.stage}: ${this.message}`;
  }

  toJSON(): SerializedError {
    return { code: this.code, stage: this.stage, message: this.message };
  }

  static from(e: unknown, stage: Stage, code: ErrorCode = 'internal'): AppError {
    if (e instanceof AppError) return e;
    if (isSerializedError(e)) return new AppError(e.code, e.stage, e.message);
    return new AppError(code, stage, e instanceof Error ? e.message : String(e));
  }
}

export interface SerializedError {
  code: ErrorCode;
  stage: Stage;
  message: string;
}

function isSerializedError(e: unknown): e is SerializedError {
  return typeof e === 'object' && e !== null && 'code' in e && 'stage' in e && 'message' in e;
}

/** An abort is not an error: callers check this and stay quiet. */
export class AbortedError extends Error {
  constructor(message = 'aborted') {
    super(message);
    this.name = 'AbortError';
  }
}

export const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';

/** QuotaExceededError is a DOMException in browsers; match by name so Node tests work too. */
export const isQuotaError = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'name' in e && (e as { name: string }).name === 'QuotaExceededError';
