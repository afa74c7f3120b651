import { InvalidArgumentError, InvalidKeyError, InvalidRangeError } from './object-store-errors';
import { MAX_LIST_LIMIT, type ListOptions } from './object-store';

/** S3's key limit, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

/**
 * Throws `InvalidKeyError` unless `key` is a relative `/`-separated path whose segments are neither
 * empty, `.` nor `..`, with no backslash or control character: such keys mean the same object on a
 * file system and on S3, and cannot escape the store's root.
 */
export function assertValidKey(key: string): void {
  const reason = keyProblem(key);
  if (reason !== undefined) throw new InvalidKeyError(key, reason);
}

function keyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'empty';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `longer than ${MAX_KEY_BYTES} bytes`;
  if (key.startsWith('/')) return 'leading "/"';
  if (key.endsWith('/')) return 'trailing "/"';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(key)) return 'backslash or control character';
  for (const segment of key.split('/')) {
    if (segment === '') return 'empty path segment';
    if (segment === '.' || segment === '..') return `"${segment}" path segment`;
  }
  return undefined;
}

/** Throws `InvalidKeyError` unless `prefix` is `''` or could start a valid key. */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') return;
  // A prefix may end in "/" or mid-segment; check it as if a name followed.
  const reason = keyProblem(`${prefix}x`);
  if (reason !== undefined) throw new InvalidKeyError(prefix, `prefix: ${reason}`);
}

/** Throws `InvalidRangeError` unless offset is a non-negative and length a positive safe integer. */
export function assertValidRange(key: string, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidRangeError(key, offset, length, 'offset must be a non-negative integer');
  if (!Number.isSafeInteger(length) || length < 1) throw new InvalidRangeError(key, offset, length, 'length must be a positive integer');
}

/** The page size of `list`, checked: 1–1000, 1000 when unset. */
export function listLimitOf(prefix: string, options: ListOptions | undefined): number {
  const limit = options?.limit ?? MAX_LIST_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new InvalidArgumentError(prefix, `list limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${limit}`);
  }
  return limit;
}

/** Orders keys by their UTF-8 bytes, as S3 lists them. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
