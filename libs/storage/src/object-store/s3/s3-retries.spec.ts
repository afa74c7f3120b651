import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../object-store';
import { ObjectNotFoundError, ObjectStoreError } from '../object-store-errors';
import type { RetryEvent } from '../retrying/retry-policy';
import { withRetries } from '../retrying/with-retries';
import { patternBytes } from '../test-support/object-store-conformance';
import { startFaultyS3, type FaultProxy, type FaultyS3 } from '../test-support/fault-proxy';
import type { S3ObjectStore } from './s3-object-store';

describe('S3ObjectStore behind withRetries, with faults injected over HTTP', () => {
  let faulty: FaultyS3 | undefined;
  let proxy: FaultProxy;
  let raw: S3ObjectStore;
  let sleeps: number[];
  let retries: RetryEvent[];

  const retrying = (attempts = 5): ObjectStore =>
    withRetries(raw, {
      attempts,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      jitter: 'full',
      random: () => 0.5,
      sleep: async (ms) => void sleeps.push(ms),
      onRetry: (event) => void retries.push(event),
    });
  const requestsFor = (key: string) => proxy.seen.filter((seen) => seen.url.includes(key));

  beforeAll(async () => {
    faulty = await startFaultyS3();
    ({ proxy, store: raw } = faulty);
  });
  afterAll(async () => {
    await faulty?.stop();
  });
  beforeEach(() => {
    proxy.reset();
    sleeps = [];
    retries = [];
  });

  it('retries 500, 503 SlowDown and 429 with growing delays, then succeeds', async () => {
    const store = retrying();
    await store.put('flaky/get.bin', patternBytes(300, 1));
    proxy.reset();
    proxy.inject({ status: 500, code: 'InternalError' }, { status: 503, code: 'SlowDown' }, { status: 429, code: 'TooManyRequests' });

    expect(await store.get('flaky/get.bin')).toEqual(patternBytes(300, 1));
    expect(requestsFor('flaky/get.bin').map((seen) => seen.fault)).toEqual([
      { status: 500, code: 'InternalError' },
      { status: 503, code: 'SlowDown' },
      { status: 429, code: 'TooManyRequests' },
      undefined,
    ]);
    // Full jitter with random() = 0.5: half of 100, 200, 400 ms.
    expect(sleeps).toEqual([50, 100, 200]);
    expect(retries.map((event) => [event.operation, event.attempt, (event.error as ObjectStoreError).details.status])).toEqual([
      ['get', 1, 500],
      ['get', 2, 503],
      ['get', 3, 429],
    ]);
  });

  it('retries a dropped connection and a throttled put', async () => {
    const store = retrying();
    proxy.inject('reset', { status: 503, code: 'SlowDown' });
    await store.put('flaky/put.bin', patternBytes(1000, 2));
    expect(requestsFor('flaky/put.bin')).toHaveLength(3);
    expect(sleeps).toEqual([50, 100]);
    expect(await store.get('flaky/put.bin')).toEqual(patternBytes(1000, 2));
  });

  it('retries only the failed part of a multipart upload', async () => {
    const store = retrying();
    const bytes = patternBytes(12 * 1024 * 1024, 3);
    proxy.injectWhere((method, url) => method === 'PUT' && url.includes('partNumber=2'), { status: 503, code: 'SlowDown' });
    await store.put('flaky/large.bin', bytes);

    const parts = requestsFor('flaky/large.bin')
      .map((seen) => /partNumber=(\d+)/.exec(seen.url)?.[1])
      .filter((part) => part !== undefined);
    expect(parts).toEqual(['1', '2', '2', '3']);
    expect(retries.map((event) => event.operation)).toEqual(['uploadPart']);
    expect((await store.head('flaky/large.bin'))?.size).toBe(bytes.length);
  });

  it('does not retry 403 or a missing object', async () => {
    const store = retrying();
    proxy.inject({ status: 403, code: 'AccessDenied' });
    const denied = await store.get('flaky/denied.bin').catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(ObjectStoreError);
    expect(denied).toMatchObject({ key: 'flaky/denied.bin', transient: false, details: { status: 403, code: 'AccessDenied' } });

    await expect(store.get('flaky/never-written.bin')).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(requestsFor('flaky/denied.bin')).toHaveLength(1);
    expect(requestsFor('flaky/never-written.bin')).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up after the configured attempts with the last transient error', async () => {
    const store = retrying(3);
    proxy.inject(...Array.from({ length: 3 }, () => ({ status: 503, code: 'SlowDown' })));
    await expect(store.head('flaky/down.bin')).rejects.toMatchObject({ name: 'ObjectStoreError', transient: true, details: { status: 503 } });
    expect(requestsFor('flaky/down.bin')).toHaveLength(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it('makes one request per attempt: the SDK itself does not retry', async () => {
    proxy.inject({ status: 500, code: 'InternalError' });
    await expect(raw.list('flaky/')).rejects.toMatchObject({ transient: true, details: { status: 500 } });
    expect(proxy.seen).toHaveLength(1);
  });
});
