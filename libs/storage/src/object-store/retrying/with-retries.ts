import type { ListOptions, ListPage, ObjectBody, ObjectInfo, ObjectStore, PutOptions, UploadedPart } from '../object-store';
import { putInParts } from '../put-in-parts';
import { backoffDelayMs, defaultRetryOptions, type RetryOptions } from './retry-policy';

/**
 * Wraps a store so that transient failures are retried with exponential backoff and full jitter.
 * Large and streamed puts run through `putInParts` on the wrapper, so a failed part is retried alone
 * (a stream cannot be replayed as a whole).
 *
 * @example
 * const store = withRetries(new S3ObjectStore({ bucket }), { attempts: 4 });
 */
export function withRetries(store: ObjectStore, options: Partial<RetryOptions> = {}): ObjectStore {
  return new RetryingObjectStore(store, { ...defaultRetryOptions(), ...options });
}

class RetryingObjectStore implements ObjectStore {
  constructor(
    private readonly inner: ObjectStore,
    private readonly options: RetryOptions,
  ) {}

  get partSizeBytes(): number {
    return this.inner.partSizeBytes;
  }

  get(key: string): Promise<Uint8Array> {
    return this.retry('get', key, () => this.inner.get(key));
  }

  getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    return this.retry('getRange', key, () => this.inner.getRange(key, offset, length));
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.retry('head', key, () => this.inner.head(key));
  }

  list(prefix: string, options?: ListOptions): Promise<ListPage> {
    return this.retry('list', prefix, () => this.inner.list(prefix, options));
  }

  put(key: string, body: ObjectBody, options?: PutOptions): Promise<void> {
    if (body instanceof Uint8Array && body.length <= this.inner.partSizeBytes) {
      return this.retry('put', key, () => this.inner.put(key, body, options));
    }
    return putInParts(this, key, body, options);
  }

  delete(key: string): Promise<void> {
    return this.retry('delete', key, () => this.inner.delete(key));
  }

  createMultipart(key: string, options?: PutOptions): Promise<string> {
    return this.retry('createMultipart', key, () => this.inner.createMultipart(key, options));
  }

  uploadPart(key: string, uploadId: string, partNumber: number, bytes: Uint8Array): Promise<string> {
    return this.retry('uploadPart', key, () => this.inner.uploadPart(key, uploadId, partNumber, bytes));
  }

  completeMultipart(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    return this.retry('completeMultipart', key, () => this.inner.completeMultipart(key, uploadId, parts));
  }

  abortMultipart(key: string, uploadId: string): Promise<void> {
    return this.retry('abortMultipart', key, () => this.inner.abortMultipart(key, uploadId));
  }

  private async retry<T>(operation: string, key: string, call: () => Promise<T>): Promise<T> {
    const { attempts, isRetryable, sleep, onRetry } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (attempt >= attempts || !isRetryable(error)) throw error;
        const delayMs = backoffDelayMs(attempt, this.options);
        onRetry?.({ operation, key, attempt, delayMs, error });
        await sleep(delayMs);
      }
    }
  }
}
