/**
 * Reliability primitives for the collectors and the probe: a concurrency limiter, per-call
 * timeouts bound to an AbortSignal, and retries with exponential backoff and full jitter on
 * throttling / 5xx / transient network errors (AWS "Timeouts, retries and backoff with jitter").
 */

/**
 * A small p-limit: at most `n` functions run at once; the rest wait in FIFO order. It wraps every
 * AWS call of a run (thousands), so it allocates as little as it can: no `.finally` promise, and
 * no queue entry when a slot is free and nobody waits.
 */
export function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active--;
    const run = queue.shift();
    if (run) {
      active++;
      run();
    }
  };
  return <T>(fn: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        let p: Promise<T>;
        try {
          p = fn();
        } catch (e) {
          p = Promise.reject(e);
        }
        p.then(
          (v) => {
            release();
            resolve(v);
          },
          (e: unknown) => {
            release();
            reject(e);
          },
        );
      };
      if (active < n && queue.length === 0) {
        active++;
        start();
      } else queue.push(start);
    });
}

/**
 * A limiter whose limit adapts to the service (additive increase, multiplicative decrease, as TCP and
 * the AWS SDKs' adaptive retry mode do): each throttling answer halves the calls allowed in flight
 * (never below `min`), and every `max` successes in a row give one slot back, up to `max`. Waiting
 * callers are started as slots free up, in FIFO order. AWS throttles per account and API (IAM) or per
 * account, Region and API (EKS): one limiter per account follows those buckets.
 */
export interface AdaptiveLimiter {
  <T>(fn: () => Promise<T>): Promise<T>;
  /** Tell the limiter an answer was a throttling error (the call may be retried). */
  throttled(): void;
  /** Tell the limiter a call succeeded. */
  succeeded(): void;
  /** The current limit (for tests and progress output). */
  readonly limit: number;
}

export function adaptiveLimiter(o: { initial: number; min?: number; max?: number }): AdaptiveLimiter {
  const min = Math.max(1, o.min ?? 1);
  const max = Math.max(min, o.max ?? o.initial);
  let limit = Math.min(max, Math.max(min, o.initial));
  let active = 0;
  let streak = 0;
  const queue: (() => void)[] = [];
  const pump = () => {
    while (active < limit && queue.length > 0) {
      active++;
      (queue.shift() as () => void)();
    }
  };
  const run = (<T>(fn: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        let p: Promise<T>;
        try {
          p = fn();
        } catch (e) {
          p = Promise.reject(e);
        }
        p.then(
          (v) => {
            active--;
            pump();
            resolve(v);
          },
          (e: unknown) => {
            active--;
            pump();
            reject(e);
          },
        );
      };
      queue.push(start);
      pump();
    })) as AdaptiveLimiter;
  run.throttled = () => {
    streak = 0;
    limit = Math.max(min, Math.floor(limit / 2));
  };
  run.succeeded = () => {
    if (limit >= max) return;
    if (++streak >= max) {
      streak = 0;
      limit++;
      pump();
    }
  };
  Object.defineProperty(run, 'limit', { get: () => limit });
  return run;
}

export function isThrottling(e: unknown): boolean {
  const code = errorCode(e);
  const name = (e as { name?: string } | null)?.name ?? '';
  return THROTTLE.has(code) || THROTTLE.has(name) || httpStatus(e) === 429;
}

export class TimeoutError extends Error {
  readonly code = 'TimeoutError';
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

export class AbortedError extends Error {
  readonly code = 'AbortError';
  constructor() {
    super('interrupted');
    this.name = 'AbortError';
  }
}

/**
 * Run `fn` with a signal that aborts after `ms` or when `parent` aborts; reject on either even
 * if `fn` ignores its signal, so one hung call never holds up the run.
 */
export function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  ms: number,
  parent?: AbortSignal,
): Promise<T> {
  if (parent?.aborted) return Promise.reject(new AbortedError());
  const ctl = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      ctl.abort();
      reject(new TimeoutError(ms));
    }, ms);
    const onAbort = () => {
      ctl.abort();
      clearTimeout(timer);
      reject(new AbortedError());
    };
    parent?.addEventListener('abort', onAbort, { once: true });
    fn(ctl.signal).then(
      (v) => {
        clearTimeout(timer);
        parent?.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        parent?.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

const THROTTLE = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
]);
const TRANSIENT = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
  'ServerException',
  'ServiceFailure',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNREFUSED',
]);

export function errorCode(e: unknown): string {
  if (typeof e !== 'object' || e === null) return 'Error';
  const o = e as { name?: string; code?: string; Code?: string };
  return o.code && o.code !== 'ERR_UNKNOWN' ? o.code : (o.Code ?? o.name ?? 'Error');
}

function httpStatus(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

export function isRetryable(e: unknown): boolean {
  const code = errorCode(e);
  const name = (e as { name?: string } | null)?.name ?? '';
  const status = httpStatus(e);
  return (
    THROTTLE.has(code) ||
    THROTTLE.has(name) ||
    TRANSIENT.has(code) ||
    TRANSIENT.has(name) ||
    status === 429 ||
    (status !== undefined && status >= 500)
  );
}

export interface RetryOptions {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly retryable?: (e: unknown) => boolean;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Call with timeout; on a retryable error wait `random() * min(max, base * 2^attempt)` and try again. */
export async function withRetry<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  o: RetryOptions,
): Promise<{ value: T; attempts: number }> {
  const wait = o.sleep ?? sleep;
  const random = o.random ?? Math.random;
  const retryable = o.retryable ?? isRetryable;
  let last: unknown;
  let made = 0;
  for (let attempt = 0; attempt < o.attempts; attempt++) {
    made = attempt + 1;
    try {
      return { value: await withTimeout(fn, o.timeoutMs, o.signal), attempts: attempt + 1 };
    } catch (e) {
      last = e;
      if (e instanceof AbortedError || o.signal?.aborted || !retryable(e) || attempt === o.attempts - 1)
        break;
      await wait(random() * Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt), o.signal);
    }
  }
  throw Object.assign(last instanceof Error ? last : new Error(String(last)), { attempts: made });
}
