import { describe, expect, it } from 'vitest';
import { withRetries } from '../retrying/with-retries';
import { describeObjectStoreConformance } from '../test-support/object-store-conformance';
import { startS3rver } from '../test-support/s3rver-harness';
import { MIN_S3_PART_SIZE, S3ObjectStore } from './s3-object-store';

describeObjectStoreConformance('S3 (s3rver over loopback HTTP)', async () => {
  const server = await startS3rver();
  const raw = new S3ObjectStore({
    bucket: server.bucket,
    region: server.region,
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: server.credentials,
    prefix: 'prism/',
    partSizeBytes: MIN_S3_PART_SIZE,
  });
  return {
    store: withRetries(raw, { sleep: async () => undefined }),
    // s3rver 3.7 answers AbortMultipartUpload with 405 MethodNotAllowed.
    abortsUploads: false,
    listsInByteOrder: false,
    async teardown() {
      raw.close();
      await server.stop();
    },
  };
});

describe('S3ObjectStore options', () => {
  it('never uses parts below the S3 minimum of 5 MiB', () => {
    const store = new S3ObjectStore({ bucket: 'b', region: 'us-east-1', partSizeBytes: 1024 });
    expect(store.partSizeBytes).toBe(MIN_S3_PART_SIZE);
    store.close();
  });

  it('refuses an unsafe key prefix', () => {
    expect(() => new S3ObjectStore({ bucket: 'b', region: 'us-east-1', prefix: '../x/' })).toThrow(/invalid object key/);
  });
});
