import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilesystemObjectStore } from './filesystem/filesystem-object-store';
import { objectStoreFromOptions } from './object-store-from-options';
import { S3ObjectStore } from './s3/s3-object-store';
import { patternBytes } from './test-support/object-store-conformance';

describe('objectStoreFromOptions', () => {
  it('builds a working filesystem store, wrapped in retries and a circuit breaker unless asked not to', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prism-config-'));
    try {
      const store = objectStoreFromOptions({ kind: 'filesystem', dir, fsync: false });
      expect(store).not.toBeInstanceOf(FilesystemObjectStore);
      await store.put('a/b', patternBytes(5));
      expect(await store.get('a/b')).toEqual(patternBytes(5));
      expect((store as unknown as { circuit: () => string }).circuit()).toBe('closed');
      expect(objectStoreFromOptions({ kind: 'filesystem', dir }, { retry: false, breaker: false })).toBeInstanceOf(FilesystemObjectStore);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('builds an S3 store from the PRISM_S3_* settings', () => {
    const store = objectStoreFromOptions(
      { kind: 's3', bucket: 'prism-data', region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true },
      { retry: false, breaker: false },
    );
    expect(store).toBeInstanceOf(S3ObjectStore);
    (store as S3ObjectStore).close();
  });
});
