import { ObjectStoreError } from '../object-store-errors';

/** Options of `withRetries`. */
export interface RetryOptions {
  /** Tries in all, the first included (1 = no retries). */
  readonly attempts: number;
  /** Delay cap before the first retry; it doubles for each further retry. */
  readonly baseDelayMs: number;
  /** The cap never grows past this. */
  readonly maxDelayMs: number;
  /** `full`: a random delay in [0, cap) (spreads out clients that failed together); `none`: the cap. */
  readonly jitter: 'full' | 'none';
  /** Which failures are worth another try. */
  readonly isRetryable: (error: unknown) => boolean;
  /** Waits; injected by tests to record delays instead of sleeping. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1); injected by tests for fixed jitter. */
  readonly random: () => number;
  /** Told about every retry before its delay (logs, metrics). */
  readonly onRetry?: (event: RetryEvent) => void;
}

/** One retry about to happen. */
export interface RetryEvent {
  readonly operation: string;
  readonly key: string;
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

/** 5 attempts, 100 ms doubling up to 5 s, full jitter, transient errors only. */
export function defaultRetryOptions(): RetryOptions {
  return {
    attempts: 5,
    baseDelayMs: 100,
    maxDelayMs: 5_000,
    jitter: 'full',
    isRetryable: isTransientError,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
  };
}

/**
 * True for failures a backend marked transient (5xx, 429 and throttling codes, network errors).
 * Not-found, bad keys and ranges, and other 4xx answers are final.
 */
export function isTransientError(error: unknown): boolean {
  return error instanceof ObjectStoreError && error.transient;
}

/** The delay before retry number `retry` (1-based): exponential backoff, capped, with optional full jitter. */
export function backoffDelayMs(retry: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'jitter' | 'random'>): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return options.jitter === 'full' ? Math.floor(options.random() * cap) : cap;
}
