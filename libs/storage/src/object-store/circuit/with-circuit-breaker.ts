import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { ListOptions, ListPage, ObjectBody, ObjectInfo, ObjectStore, PutOptions, UploadedPart } from '../object-store';
import { ObjectStoreError } from '../object-store-errors';
import { isTransientError } from '../retrying/retry-policy';

/** Options of {@link withCircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failed operations (each after its own retries) that open the circuit. */
  readonly failuresToOpen: number;
  /** How long the circuit stays open before one trial call may pass (half-open). */
  readonly openMs: number;
  /** Which failures count against the backend (not-found, bad keys, 403: the caller's problem). */
  readonly countsAsFailure: (error: unknown) => boolean;
  /** Told when the circuit opens, lets a trial call through, and closes again (logs, metrics). */
  readonly onStateChange?: (state: 'open' | 'half-open' | 'closed') => void;
}

/** 5 consecutive transient failures open the circuit for 10 s. */
export function defaultCircuitBreakerOptions(): CircuitBreakerOptions {
  return { failuresToOpen: 5, openMs: 10_000, countsAsFailure: isTransientError };
}

/** The code of the transient ObjectStoreError a call gets while the circuit is open. */
export const CIRCUIT_OPEN_CODE = 'CircuitOpen';

/**
 * Wraps a store (usually the retrying one) so that a backend that keeps failing is not called at
 * all for a while: after `failuresToOpen` consecutive transient failures every call fails at once
 * with a transient `ObjectStoreError` (code `CircuitOpen`), so requests answer 503 fast instead of
 * piling up behind retries; after `openMs` one call is let through, and its success closes the
 * circuit. The breaker is cockatiel's.
 *
 * @example const store = withCircuitBreaker(withRetries(new S3ObjectStore({ bucket })));
 */
export function withCircuitBreaker(store: ObjectStore, options: Partial<CircuitBreakerOptions> = {}): ObjectStore & { readonly circuit: () => string } {
  return new CircuitBreakingObjectStore(store, { ...defaultCircuitBreakerOptions(), ...options });
}

class CircuitBreakingObjectStore implements ObjectStore {
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    private readonly inner: ObjectStore,
    private readonly options: CircuitBreakerOptions,
  ) {
    this.breaker = circuitBreaker(handleWhen(options.countsAsFailure), {
      halfOpenAfter: options.openMs,
      breaker: new ConsecutiveBreaker(options.failuresToOpen),
    });
    const notify = options.onStateChange;
    if (notify !== undefined) {
      this.breaker.onBreak(() => notify('open'));
      this.breaker.onHalfOpen(() => notify('half-open'));
      this.breaker.onReset(() => notify('closed'));
    }
  }

  /** `closed`, `open` or `half-open`, for health checks and tests. */
  circuit(): string {
    const state = this.breaker.state;
    return state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open';
  }

  get partSizeBytes(): number {
    return this.inner.partSizeBytes;
  }

  get(key: string): Promise<Uint8Array> {
    return this.guard('get', key, () => this.inner.get(key));
  }

  getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    return this.guard('getRange', key, () => this.inner.getRange(key, offset, length));
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.guard('head', key, () => this.inner.head(key));
  }

  list(prefix: string, options?: ListOptions): Promise<ListPage> {
    return this.guard('list', prefix, () => this.inner.list(prefix, options));
  }

  put(key: string, body: ObjectBody, options?: PutOptions): Promise<void> {
    return this.guard('put', key, () => this.inner.put(key, body, options));
  }

  delete(key: string): Promise<void> {
    return this.guard('delete', key, () => this.inner.delete(key));
  }

  createMultipart(key: string, options?: PutOptions): Promise<string> {
    return this.guard('createMultipart', key, () => this.inner.createMultipart(key, options));
  }

  uploadPart(key: string, uploadId: string, partNumber: number, bytes: Uint8Array): Promise<string> {
    return this.guard('uploadPart', key, () => this.inner.uploadPart(key, uploadId, partNumber, bytes));
  }

  completeMultipart(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    return this.guard('completeMultipart', key, () => this.inner.completeMultipart(key, uploadId, parts));
  }

  abortMultipart(key: string, uploadId: string): Promise<void> {
    return this.guard('abortMultipart', key, () => this.inner.abortMultipart(key, uploadId));
  }

  private async guard<T>(operation: string, key: string, call: () => Promise<T>): Promise<T> {
    try {
      return await this.breaker.execute(call);
    } catch (error) {
      if (!(error instanceof BrokenCircuitError)) throw error;
      const message = `the object store failed ${this.options.failuresToOpen} times in a row; not calling it for up to ${this.options.openMs} ms`;
      throw new ObjectStoreError(operation, key, message, { transient: true, code: CIRCUIT_OPEN_CODE, cause: error });
    }
  }
}
