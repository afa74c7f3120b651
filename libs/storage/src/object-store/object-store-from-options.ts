import { withCircuitBreaker, type CircuitBreakerOptions } from './circuit/with-circuit-breaker';
import { defaultFilesystemObjectStoreOptions, FilesystemObjectStore } from './filesystem/filesystem-object-store';
import type { ObjectStore } from './object-store';
import type { RetryOptions } from './retrying/retry-policy';
import { withRetries } from './retrying/with-retries';
import { S3ObjectStore, type S3ObjectStoreOptions } from './s3/s3-object-store';

/** How the apps choose a store: `PRISM_OBJECTS_DIR` → filesystem, `PRISM_S3_*` → S3. */
export type ObjectStoreConfig =
  { readonly kind: 'filesystem'; readonly dir: string; readonly fsync?: boolean } | ({ readonly kind: 's3' } & S3ObjectStoreOptions);

/**
 * Builds the configured store, wrapped in `withRetries` and, outside the retries, in
 * `withCircuitBreaker`, so a backend that keeps failing is not called for a while and requests fail
 * fast (pass `retry: false` / `breaker: false` to leave either out).
 *
 * @example
 * const store = config.s3Bucket
 *   ? objectStoreFromOptions({ kind: 's3', bucket: config.s3Bucket, endpoint: config.s3Endpoint, region: config.s3Region, forcePathStyle: config.s3ForcePathStyle })
 *   : objectStoreFromOptions({ kind: 'filesystem', dir: config.objectsDir });
 */
export function objectStoreFromOptions(
  config: ObjectStoreConfig,
  options: { readonly retry?: Partial<RetryOptions> | false; readonly breaker?: Partial<CircuitBreakerOptions> | false } = {},
): ObjectStore {
  const raw = rawStoreOf(config);
  const retrying = options.retry === false ? raw : withRetries(raw, options.retry);
  return options.breaker === false ? retrying : withCircuitBreaker(retrying, options.breaker);
}

function rawStoreOf(config: ObjectStoreConfig): ObjectStore {
  switch (config.kind) {
    case 'filesystem': {
      const defaults = defaultFilesystemObjectStoreOptions(config.dir);
      return new FilesystemObjectStore({ ...defaults, fsync: config.fsync ?? defaults.fsync });
    }
    case 's3':
      return new S3ObjectStore(config);
  }
}
