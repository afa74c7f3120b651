import { InvalidRangeError, ObjectNotFoundError, ObjectStoreError } from '../object-store-errors';

/** S3 error codes that mean "slow down", whatever the status. */
const THROTTLING_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'ProvisionedThroughputExceededException',
]);

/** Other codes S3 documents as worth retrying. */
const TRANSIENT_CODES = new Set(['InternalError', 'ServiceUnavailable', 'RequestTimeout', 'RequestTimeoutException', 'TimeoutError']);

/** Socket-level failures: the request may never have reached the server, or its answer was lost. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/**
 * Turns an AWS SDK error into the store's named errors: NoSuchKey/404 → `ObjectNotFoundError`,
 * InvalidRange/416 → `InvalidRangeError`, anything else → `ObjectStoreError` marked transient for
 * 5xx, 429, throttling codes and network errors (never for other 4xx).
 */
export function fromS3Error(operation: string, key: string, error: unknown, range?: { offset: number; length: number }): Error {
  const shape = (error ?? {}) as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  const code = shape.code ?? shape.name;
  const missingContainer = code === 'NoSuchBucket' || code === 'NoSuchUpload';
  if (!missingContainer && (code === 'NoSuchKey' || code === 'NotFound' || status === 404)) return new ObjectNotFoundError(key);
  if (range && (code === 'InvalidRange' || status === 416)) {
    return new InvalidRangeError(key, range.offset, range.length, 'offset is at or past the end of the object');
  }
  const transient =
    (status !== undefined && (status >= 500 || status === 429)) ||
    (code !== undefined && (THROTTLING_CODES.has(code) || TRANSIENT_CODES.has(code) || NETWORK_CODES.has(code)));
  return new ObjectStoreError(operation, key, shape.message || code || 'unknown error', { transient, status, code, cause: error });
}
