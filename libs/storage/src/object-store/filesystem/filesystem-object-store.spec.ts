import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidKeyError, ObjectStoreError } from '../object-store-errors';
import { withRetries } from '../retrying/with-retries';
import { describeObjectStoreConformance, patternBytes } from '../test-support/object-store-conformance';
import { FilesystemObjectStore, STAGING_DIR_NAME, defaultFilesystemObjectStoreOptions } from './filesystem-object-store';

const PART = 5 * 1024 * 1024;

async function filesystemSubject(wrap: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'prism-objects-'));
  const raw = new FilesystemObjectStore({ ...defaultFilesystemObjectStoreOptions(dir), partSizeBytes: PART, fsync: false });
  return {
    store: wrap ? withRetries(raw, { sleep: async () => undefined }) : raw,
    abortsUploads: true,
    listsInByteOrder: true,
    pendingUploads: () => raw.pendingUploads(),
    teardown: () => rm(dir, { recursive: true, force: true }),
  };
}

describeObjectStoreConformance('filesystem', () => filesystemSubject(false));
describeObjectStoreConformance('filesystem behind withRetries', () => filesystemSubject(true));

describe('FilesystemObjectStore', () => {
  let dir: string;
  let store: FilesystemObjectStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prism-objects-'));
    store = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(dir));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores objects as files under the root and leaves no temp files behind', async () => {
    await store.put('shard=0/a.bin', patternBytes(64));
    expect(await readdir(join(dir, 'shard=0'))).toEqual(['a.bin']);
    expect(await readdir(join(dir, STAGING_DIR_NAME))).toEqual([]);
  });

  it('reserves the staging directory and hides it from listings', async () => {
    await store.put('x', patternBytes(1));
    await expect(store.put(`${STAGING_DIR_NAME}/x`, patternBytes(1))).rejects.toBeInstanceOf(InvalidKeyError);
    await store.createMultipart('pending');
    expect((await store.list('')).keys.map((listed) => listed.key)).toEqual(['x']);
  });

  it('removes emptied directories on delete, so the name can become an object', async () => {
    await store.put('a/b/c', patternBytes(1));
    await store.delete('a/b/c');
    expect(await readdir(dir)).toEqual([STAGING_DIR_NAME]);
    await store.put('a', patternBytes(2));
    expect(await store.get('a')).toEqual(patternBytes(2));
  });

  it('cannot hold an object and a key below it at once (a file is not a directory)', async () => {
    await store.put('a', patternBytes(1));
    await expect(store.put('a/b', patternBytes(1))).rejects.toMatchObject({ name: 'ObjectStoreError', key: 'a/b', transient: false });
    await store.put('d/e', patternBytes(1));
    const error = await store.put('d', patternBytes(1)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect(await store.get('d/e')).toEqual(patternBytes(1));
  });

  it('checks part order and etags when completing an upload', async () => {
    const id = await store.createMultipart('joined');
    const etag = await store.uploadPart('joined', id, 1, patternBytes(10, 1));
    await expect(store.completeMultipart('joined', id, [{ partNumber: 2, etag }])).rejects.toMatchObject({ name: 'InvalidArgumentError' });
    await expect(store.completeMultipart('joined', id, [{ partNumber: 1, etag: 'x' }])).rejects.toMatchObject({ name: 'InvalidArgumentError' });
    await store.completeMultipart('joined', id, [{ partNumber: 1, etag }]);
    expect(await store.get('joined')).toEqual(patternBytes(10, 1));
    expect(await store.pendingUploads()).toEqual([]);
    await expect(store.uploadPart('joined', '../../etc', 1, patternBytes(1))).rejects.toMatchObject({ name: 'InvalidArgumentError' });
  });
});
