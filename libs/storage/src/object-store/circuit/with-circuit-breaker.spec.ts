import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ObjectStoreError } from '../object-store-errors';
import type { S3ObjectStore } from '../s3/s3-object-store';
import { patternBytes } from '../test-support/object-store-conformance';
import { startFaultyS3, type FaultProxy, type FaultyS3 } from '../test-support/fault-proxy';
import { CIRCUIT_OPEN_CODE, withCircuitBreaker } from './with-circuit-breaker';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withCircuitBreaker around a real S3 client, with faults injected over HTTP', () => {
  let faulty: FaultyS3 | undefined;
  let proxy: FaultProxy;
  let raw: S3ObjectStore;

  beforeAll(async () => {
    faulty = await startFaultyS3();
    ({ proxy, store: raw } = faulty);
    await raw.put('breaker/object.bin', patternBytes(64, 3));
  });
  afterAll(async () => {
    await faulty?.stop();
  });
  beforeEach(() => proxy.reset());

  it('opens after consecutive transient failures, fails fast without calling S3, and closes after a good trial call', async () => {
    const states: string[] = [];
    const store = withCircuitBreaker(raw, { failuresToOpen: 3, openMs: 150, onStateChange: (state) => states.push(state) });
    proxy.inject({ status: 503, code: 'SlowDown' }, { status: 500, code: 'InternalError' }, 'reset');
    for (let failure = 0; failure < 3; failure++) await expect(store.get('breaker/object.bin')).rejects.toBeInstanceOf(ObjectStoreError);
    expect(store.circuit()).toBe('open');

    const seenBefore = proxy.seen.length;
    const fast = await store.get('breaker/object.bin').catch((error: unknown) => error);
    expect(fast).toBeInstanceOf(ObjectStoreError);
    expect((fast as ObjectStoreError).details.code).toBe(CIRCUIT_OPEN_CODE);
    expect((fast as ObjectStoreError).transient).toBe(true);
    expect(proxy.seen.length).toBe(seenBefore);

    await pause(200);
    expect(await store.get('breaker/object.bin')).toEqual(patternBytes(64, 3));
    expect(store.circuit()).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again at once when the trial call fails', async () => {
    const store = withCircuitBreaker(raw, { failuresToOpen: 2, openMs: 150 });
    proxy.inject({ status: 503, code: 'SlowDown' }, { status: 503, code: 'SlowDown' });
    for (let failure = 0; failure < 2; failure++) await expect(store.head('breaker/object.bin')).rejects.toBeInstanceOf(ObjectStoreError);
    await pause(200);
    proxy.inject({ status: 503, code: 'SlowDown' });
    await expect(store.head('breaker/object.bin')).rejects.toMatchObject({ details: { status: 503 } });
    expect(store.circuit()).toBe('open');
    await expect(store.head('breaker/object.bin')).rejects.toMatchObject({ details: { code: CIRCUIT_OPEN_CODE } });
  });

  it('does not count answers that are the caller’s problem: 403, not found', async () => {
    const store = withCircuitBreaker(raw, { failuresToOpen: 2, openMs: 60_000 });
    proxy.inject({ status: 403, code: 'AccessDenied' }, { status: 403, code: 'AccessDenied' }, { status: 403, code: 'AccessDenied' });
    for (let attempt = 0; attempt < 3; attempt++) await expect(store.get('breaker/object.bin')).rejects.toMatchObject({ details: { status: 403 } });
    for (let attempt = 0; attempt < 3; attempt++) await expect(store.get('breaker/missing.bin')).rejects.toMatchObject({ name: 'ObjectNotFoundError' });
    expect(store.circuit()).toBe('closed');
    expect(await store.get('breaker/object.bin')).toEqual(patternBytes(64, 3));
  });
});
