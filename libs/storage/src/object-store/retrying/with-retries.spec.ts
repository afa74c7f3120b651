import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesystemObjectStore, defaultFilesystemObjectStoreOptions } from '../filesystem/filesystem-object-store';
import type { ObjectStore } from '../object-store';
import { InvalidKeyError, ObjectNotFoundError, ObjectStoreError } from '../object-store-errors';
import { chunked, patternBytes } from '../test-support/object-store-conformance';
import { backoffDelayMs, isTransientError } from './retry-policy';
import { withRetries } from './with-retries';

const transient = (code = 'SlowDown') => new ObjectStoreError('op', 'k', code, { transient: true, status: 503, code });

/** A real filesystem store whose chosen operations first fail with queued errors. */
function flaky(inner: ObjectStore, failures: Partial<Record<'get' | 'put' | 'uploadPart' | 'list', Error[]>>, calls: string[]): ObjectStore {
  const failOr = <T>(operation: keyof typeof failures, label: string, run: () => Promise<T>): Promise<T> => {
    calls.push(label);
    const error = failures[operation]?.shift();
    return error ? Promise.reject(error) : run();
  };
  return {
    partSizeBytes: inner.partSizeBytes,
    get: (key) => failOr('get', `get ${key}`, () => inner.get(key)),
    getRange: (key, offset, length) => inner.getRange(key, offset, length),
    head: (key) => inner.head(key),
    list: (prefix, options) => failOr('list', `list ${prefix}`, () => inner.list(prefix, options)),
    put: (key, body, options) => failOr('put', `put ${key}`, () => inner.put(key, body, options)),
    delete: (key) => inner.delete(key),
    createMultipart: (key) => inner.createMultipart(key),
    uploadPart: (key, id, n, bytes) => failOr('uploadPart', `part ${n}`, () => inner.uploadPart(key, id, n, bytes)),
    completeMultipart: (key, id, parts) => inner.completeMultipart(key, id, parts),
    abortMultipart: (key, id) => inner.abortMultipart(key, id),
  };
}

describe('backoffDelayMs', () => {
  it('doubles from the base up to the cap, and full jitter scales it by random()', () => {
    const none = { baseDelayMs: 100, maxDelayMs: 1_000, jitter: 'none' as const, random: () => 0.5 };
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, none))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const full = { ...none, jitter: 'full' as const, random: () => 0.25 };
    expect([1, 2, 3].map((retry) => backoffDelayMs(retry, full))).toEqual([25, 50, 100]);
    expect(backoffDelayMs(3, { ...full, random: () => 0 })).toBe(0);
  });

  it('treats only transient ObjectStoreErrors as retryable', () => {
    expect(isTransientError(transient())).toBe(true);
    expect(isTransientError(new ObjectStoreError('get', 'k', 'denied', { transient: false, status: 403 }))).toBe(false);
    expect(isTransientError(new ObjectNotFoundError('k'))).toBe(false);
    expect(isTransientError(new Error('ECONNRESET'))).toBe(false);
  });
});

describe('withRetries', () => {
  let dir: string;
  let inner: FilesystemObjectStore;
  let calls: string[];
  let sleeps: number[];
  const options = () => ({ attempts: 4, baseDelayMs: 10, maxDelayMs: 1_000, jitter: 'none' as const, sleep: async (ms: number) => void sleeps.push(ms) });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prism-retry-'));
    inner = new FilesystemObjectStore({ ...defaultFilesystemObjectStoreOptions(dir), partSizeBytes: 1024, fsync: false });
    calls = [];
    sleeps = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('retries transient failures with growing delays until one succeeds', async () => {
    await inner.put('a', patternBytes(10));
    const store = withRetries(flaky(inner, { get: [transient(), transient('InternalError')] }, calls), options());
    expect(await store.get('a')).toEqual(patternBytes(10));
    expect(calls).toEqual(['get a', 'get a', 'get a']);
    expect(sleeps).toEqual([10, 20]);
  });

  it('stops after the last attempt and throws its error', async () => {
    const last = transient('last');
    const store = withRetries(flaky(inner, { list: [transient(), transient(), transient(), last, transient()] }, calls), options());
    await expect(store.list('')).rejects.toBe(last);
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([10, 20, 40]);
  });

  it('never retries not-found, invalid keys or non-transient errors', async () => {
    const denied = new ObjectStoreError('put', 'k', 'AccessDenied', { transient: false, status: 403 });
    const store = withRetries(flaky(inner, { put: [denied] }, calls), options());
    await expect(store.get('missing')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.get('../x')).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.put('k', patternBytes(1))).rejects.toBe(denied);
    expect(calls).toEqual(['get missing', 'get ../x', 'put k']);
    expect(sleeps).toEqual([]);
  });

  it('uploads streams part by part, retrying the failed part alone', async () => {
    const store = withRetries(flaky(inner, { uploadPart: [transient()] }, calls), options());
    const bytes = patternBytes(2500, 7);
    await store.put('big', chunked(bytes, 300));
    expect(calls).toEqual(['part 1', 'part 1', 'part 2', 'part 3']);
    expect(await inner.get('big')).toEqual(bytes);
  });

  it('accepts a custom retry predicate', async () => {
    const odd = new Error('odd but retryable');
    await inner.put('a', patternBytes(3));
    const store = withRetries(flaky(inner, { get: [odd] }, calls), { ...options(), isRetryable: (error) => error === odd });
    expect(await store.get('a')).toEqual(patternBytes(3));
    expect(calls).toHaveLength(2);
  });
});
