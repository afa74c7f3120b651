import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../object-store';
import { InvalidKeyError, InvalidRangeError, ObjectNotFoundError } from '../object-store-errors';
import { putInParts } from '../put-in-parts';

/** A store under test, with what it cannot do. */
export interface ConformanceSubject {
  readonly store: ObjectStore;
  /** s3rver answers AbortMultipartUpload with 405; real S3 and the filesystem drop the upload. */
  readonly abortsUploads: boolean;
  /** s3rver walks its directories, so `a/b` comes before `a-b`; real S3 sorts keys by UTF-8 bytes. */
  readonly listsInByteOrder: boolean;
  /** Ids of uploads neither completed nor aborted, where the backend can tell. */
  readonly pendingUploads?: () => Promise<readonly string[]>;
  teardown(): Promise<void>;
}

const MIB = 1024 * 1024;

/** Deterministic bytes, different for each seed. */
export function patternBytes(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let state = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/** Yields `bytes` in chunks of `chunkSize`, like a file or socket stream. */
export async function* chunked(bytes: Uint8Array, chunkSize: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.slice(at, at + chunkSize);
}

/**
 * The behaviour every `ObjectStore` must show, run over each backend (kysely runs its tests over
 * every dialect the same way). `setup` is called once; each test writes under its own prefix.
 */
export function describeObjectStoreConformance(name: string, setup: () => Promise<ConformanceSubject>): void {
  describe(`ObjectStore conformance: ${name}`, () => {
    let subject: ConformanceSubject;
    let store: ObjectStore;
    let nextPrefix = 0;
    const fresh = (): string => `case-${++nextPrefix}/`;

    beforeAll(async () => {
      subject = await setup();
      store = subject.store;
    });
    afterAll(async () => subject?.teardown());

    it('puts and gets bytes, and an overwrite replaces the object', async () => {
      const key = `${fresh()}shard=0/tenants/t1/datasets/d/seg/p=ab/s1/blocks.bin`;
      await store.put(key, patternBytes(1000, 1), { contentType: 'application/octet-stream' });
      expect(await store.get(key)).toEqual(patternBytes(1000, 1));
      await store.put(key, patternBytes(10, 2));
      expect(await store.get(key)).toEqual(patternBytes(10, 2));
      await store.put(`${key}.empty`, new Uint8Array(0));
      expect(await store.get(`${key}.empty`)).toEqual(new Uint8Array(0));
    });

    it('puts a stream of chunks', async () => {
      const key = `${fresh()}stream.bin`;
      await store.put(key, chunked(patternBytes(100_000, 3), 4096));
      expect(await store.get(key)).toEqual(patternBytes(100_000, 3));
    });

    it('reads ranges at the start, middle and end, cutting short at the end', async () => {
      const key = `${fresh()}part-000.parquet`;
      const bytes = patternBytes(10_000, 4);
      await store.put(key, bytes);
      expect(await store.getRange(key, 0, 4)).toEqual(bytes.slice(0, 4));
      expect(await store.getRange(key, 4321, 1000)).toEqual(bytes.slice(4321, 5321));
      expect(await store.getRange(key, 9992, 8)).toEqual(bytes.slice(9992));
      expect(await store.getRange(key, 9990, 100)).toEqual(bytes.slice(9990));
    });

    it('refuses a range starting at or past the end, bad range numbers and missing objects', async () => {
      const key = `${fresh()}small.bin`;
      await store.put(key, patternBytes(100, 5));
      await expect(store.getRange(key, 100, 10)).rejects.toBeInstanceOf(InvalidRangeError);
      await expect(store.getRange(key, 5000, 1)).rejects.toMatchObject({ name: 'InvalidRangeError', key, offset: 5000 });
      await expect(store.getRange(key, -1, 10)).rejects.toBeInstanceOf(InvalidRangeError);
      await expect(store.getRange(key, 0, 0)).rejects.toBeInstanceOf(InvalidRangeError);
      await expect(store.getRange(`${key}.missing`, 0, 10)).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it('heads an object for its size, and answers undefined for a missing one', async () => {
      const key = `${fresh()}head.bin`;
      await store.put(key, patternBytes(1234, 6));
      expect(await store.head(key)).toMatchObject({ size: 1234 });
      expect(await store.head(`${key}.missing`)).toBeUndefined();
    });

    it('uploads a 12 MiB stream in 5 MiB parts', async () => {
      expect(store.partSizeBytes).toBe(5 * MIB);
      const key = `${fresh()}large.bin`;
      const bytes = patternBytes(12 * MIB, 7);
      await putInParts(store, key, chunked(bytes, 256 * 1024));
      expect(await store.head(key)).toMatchObject({ size: bytes.length });
      expect(await store.getRange(key, 5 * MIB - 2, 4)).toEqual(bytes.slice(5 * MIB - 2, 5 * MIB + 2));
      expect(Buffer.from(await store.get(key)).equals(Buffer.from(bytes))).toBe(true);
      await store.put(`${key}.put`, chunked(bytes, 1 * MIB));
      expect(await store.head(`${key}.put`)).toMatchObject({ size: bytes.length });
    });

    it('leaves no object when a streamed upload fails midway', async () => {
      const key = `${fresh()}broken.bin`;
      // Two full parts are uploaded before the source fails, so the upload exists and must be aborted.
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield patternBytes(11 * MIB, 8);
        throw new Error('source broke');
      }
      await expect(putInParts(store, key, failing())).rejects.toThrow('source broke');
      expect(await store.head(key)).toBeUndefined();
      if (subject.pendingUploads) expect(await subject.pendingUploads()).toEqual([]);
    });

    it('aborts a multipart upload', async ({ skip }) => {
      if (!subject.abortsUploads) skip('backend cannot abort uploads');
      const key = `${fresh()}aborted.bin`;
      const uploadId = await store.createMultipart(key);
      const etag = await store.uploadPart(key, uploadId, 1, patternBytes(10, 9));
      await store.abortMultipart(key, uploadId);
      // The parts are gone: the upload can no longer be completed.
      await expect(store.completeMultipart(key, uploadId, [{ partNumber: 1, etag }])).rejects.toThrow();
      expect(await store.head(key)).toBeUndefined();
      if (subject.pendingUploads) expect(await subject.pendingUploads()).toEqual([]);
    });

    it('lists keys in byte order, a page at a time, within the prefix', async () => {
      const prefix = fresh();
      const names = ['a/b', 'a-b', 'a/c/d', 'a0', 'b', 'dt=2024-01-01/hour=00/part-000.parquet', 'é', 'z/z/z'];
      for (let i = 0; i < 17; i++) names.push(`n/${String(i).padStart(3, '0')}`);
      await Promise.all(names.map((name, i) => store.put(prefix + name, patternBytes(i + 1, i))));
      await store.put(`${prefix.slice(0, -1)}-outside`, patternBytes(1));

      const seen: { key: string; size: number }[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.list(prefix, { limit: 7, cursor });
        expect(page.keys.length).toBeLessThanOrEqual(7);
        seen.push(...page.keys);
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== undefined);

      const byBytes = (x: string, y: string): number => Buffer.compare(Buffer.from(x), Buffer.from(y));
      const expected = [...names].sort(byBytes).map((name) => prefix + name);
      const seenKeys = seen.map((listed) => listed.key);
      // Every key exactly once across the pages, in byte order where the backend promises it.
      expect(subject.listsInByteOrder ? seenKeys : [...seenKeys].sort(byBytes)).toEqual(expected);
      expect(seen.find((listed) => listed.key === `${prefix}a0`)?.size).toBe(names.indexOf('a0') + 1);
      expect(pages).toBe(Math.ceil(names.length / 7));
      expect((await store.list(`${prefix}a/`)).keys.map((listed) => listed.key)).toEqual([`${prefix}a/b`, `${prefix}a/c/d`]);
      expect((await store.list(`${prefix}n/01`)).keys).toHaveLength(7);
      expect(await store.list(`${prefix}nothing/`)).toEqual({ keys: [] });
    });

    it('deletes objects, and deleting a missing key succeeds', async () => {
      const prefix = fresh();
      await store.put(`${prefix}x/one`, patternBytes(3));
      await store.put(`${prefix}two`, patternBytes(3));
      await store.delete(`${prefix}x/one`);
      expect(await store.head(`${prefix}x/one`)).toBeUndefined();
      await expect(store.get(`${prefix}x/one`)).rejects.toBeInstanceOf(ObjectNotFoundError);
      expect((await store.list(prefix)).keys.map((listed) => listed.key)).toEqual([`${prefix}two`]);
      await expect(store.delete(`${prefix}never/was`)).resolves.toBeUndefined();
    });

    it('reports a missing object with its key', async () => {
      const key = `${fresh()}missing.bin`;
      await expect(store.get(key)).rejects.toMatchObject({ name: 'ObjectNotFoundError', key });
    });

    it('refuses unsafe keys before touching the backend', async () => {
      for (const key of ['', '/abs', '../escape', 'a/../b', 'a//b', 'a/./b', 'trailing/', 'back\\slash', 'nul\u0000']) {
        await expect(store.put(key, patternBytes(1))).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(store.get(key)).rejects.toMatchObject({ name: 'InvalidKeyError', key });
      }
      await expect(store.list('../')).rejects.toBeInstanceOf(InvalidKeyError);
    });
  });
}
