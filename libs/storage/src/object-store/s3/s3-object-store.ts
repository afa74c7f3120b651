import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { assertValidKey, assertValidPrefix, assertValidRange, listLimitOf } from '../object-key';
import type { ListOptions, ListPage, ObjectBody, ObjectInfo, ObjectStore, PutOptions, UploadedPart } from '../object-store';
import { InvalidRangeError, ObjectNotFoundError } from '../object-store-errors';
import { putInParts } from '../put-in-parts';
import { fromS3Error } from './s3-errors';

/** Options of `S3ObjectStore`. */
export interface S3ObjectStoreOptions {
  readonly bucket: string;
  /** Region; the SDK's default chain (AWS_REGION, config files) when unset. */
  readonly region?: string;
  /** An S3-compatible endpoint (MinIO, R2, …); AWS S3 when unset. */
  readonly endpoint?: string;
  /** `endpoint/bucket/key` URLs instead of `bucket.endpoint/key`; most S3-compatible stores need it. */
  readonly forcePathStyle?: boolean;
  /** Static credentials; the SDK's default chain (env, profile, SSO, IMDS, …) when unset. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Prepended to every key (e.g. `prism/`); listings return keys without it. */
  readonly prefix?: string;
  /** Multipart part size, at least 5 MiB (S3's minimum for every part but the last). */
  readonly partSizeBytes?: number;
  /** Socket timeouts, so a stalled connection fails (and can be retried) instead of hanging. */
  readonly requestTimeoutMs?: number;
}

/** S3's smallest part size for all parts but the last. */
export const MIN_S3_PART_SIZE = 5 * 1024 * 1024;

/** Defaults for the optional `S3ObjectStore` settings. */
export function defaultS3ObjectStoreOptions(): Required<Pick<S3ObjectStoreOptions, 'prefix' | 'partSizeBytes' | 'requestTimeoutMs' | 'forcePathStyle'>> {
  return { prefix: '', partSizeBytes: 8 * 1024 * 1024, requestTimeoutMs: 30_000, forcePathStyle: false };
}

/**
 * Objects in an S3 bucket through `@aws-sdk/client-s3`. The SDK's own retries are off
 * (`maxAttempts: 1`): `withRetries` owns them, so attempts do not multiply (3 × 3) and backoff, counts
 * and the retry policy live in one place that tests can observe.
 *
 * @example
 * const store = withRetries(new S3ObjectStore({ bucket: 'prism-data', region: 'eu-west-1' }));
 * const footer = await store.getRange(key, size - 8, 8);
 */
export class S3ObjectStore implements ObjectStore {
  readonly partSizeBytes: number;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly keyPrefix: string;

  constructor(options: S3ObjectStoreOptions) {
    const settings = { ...defaultS3ObjectStoreOptions(), ...options };
    if (settings.prefix !== '') assertValidPrefix(settings.prefix);
    this.bucket = settings.bucket;
    this.keyPrefix = settings.prefix;
    this.partSizeBytes = Math.max(settings.partSizeBytes, MIN_S3_PART_SIZE);
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      maxAttempts: 1,
      // Checksums only where S3 requires them: many S3-compatible stores reject the newer headers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { requestTimeout: settings.requestTimeoutMs, connectionTimeout: settings.requestTimeoutMs },
    });
  }

  async get(key: string): Promise<Uint8Array> {
    const Key = this.fullKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      return (await response.Body?.transformToByteArray()) ?? new Uint8Array(0);
    } catch (error) {
      throw fromS3Error('get', key, error);
    }
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const Key = this.fullKey(key);
    assertValidRange(key, offset, length);
    let bytes: Uint8Array;
    let ranged: boolean;
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key, Range: `bytes=${offset}-${offset + length - 1}` }));
      ranged = response.ContentRange !== undefined;
      bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array(0);
    } catch (error) {
      throw fromS3Error('getRange', key, error, { offset, length });
    }
    // A store that ignores Range answers 200 with the whole object: cut the range out ourselves.
    if (!ranged) bytes = bytes.subarray(offset, offset + length);
    if (bytes.length === 0) throw new InvalidRangeError(key, offset, length, 'offset is at or past the end of the object');
    return bytes;
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const Key = this.fullKey(key);
    try {
      const response = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      const etag = response.ETag?.replace(/"/g, '');
      return etag === undefined ? { size: response.ContentLength ?? 0 } : { size: response.ContentLength ?? 0, etag };
    } catch (error) {
      const mapped = fromS3Error('head', key, error);
      if (mapped instanceof ObjectNotFoundError) return undefined;
      throw mapped;
    }
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    assertValidPrefix(prefix);
    const limit = listLimitOf(prefix, options);
    try {
      const response = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.keyPrefix + prefix,
          MaxKeys: limit,
          ContinuationToken: options?.cursor,
        }),
      );
      const keys = (response.Contents ?? []).map((object) => ({
        key: (object.Key ?? '').slice(this.keyPrefix.length),
        size: object.Size ?? 0,
      }));
      const nextCursor = response.IsTruncated ? response.NextContinuationToken : undefined;
      return nextCursor === undefined ? { keys } : { keys, nextCursor };
    } catch (error) {
      throw fromS3Error('list', prefix, error);
    }
  }

  async put(key: string, body: ObjectBody, options?: PutOptions): Promise<void> {
    const Key = this.fullKey(key);
    if (!(body instanceof Uint8Array) || body.length > this.partSizeBytes) return putInParts(this, key, body, options);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: body, ContentLength: body.length, ContentType: options?.contentType }));
    } catch (error) {
      throw fromS3Error('put', key, error);
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.fullKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (error) {
      const mapped = fromS3Error('delete', key, error);
      if (!(mapped instanceof ObjectNotFoundError)) throw mapped;
    }
  }

  async createMultipart(key: string, options?: PutOptions): Promise<string> {
    const Key = this.fullKey(key);
    try {
      const response = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key, ContentType: options?.contentType }));
      if (response.UploadId === undefined) throw new Error('no UploadId in the response');
      return response.UploadId;
    } catch (error) {
      throw fromS3Error('createMultipart', key, error);
    }
  }

  async uploadPart(key: string, uploadId: string, partNumber: number, bytes: Uint8Array): Promise<string> {
    const Key = this.fullKey(key);
    try {
      const response = await this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key, UploadId: uploadId, PartNumber: partNumber, Body: bytes, ContentLength: bytes.length }),
      );
      if (response.ETag === undefined) throw new Error('no ETag in the response');
      return response.ETag;
    } catch (error) {
      throw fromS3Error('uploadPart', key, error);
    }
  }

  async completeMultipart(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    const Key = this.fullKey(key);
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
        }),
      );
    } catch (error) {
      throw fromS3Error('completeMultipart', key, error);
    }
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    const Key = this.fullKey(key);
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId }));
    } catch (error) {
      throw fromS3Error('abortMultipart', key, error);
    }
  }

  /** Closes the SDK's sockets. */
  close(): void {
    this.client.destroy();
  }

  private fullKey(key: string): string {
    assertValidKey(key);
    return this.keyPrefix + key;
  }
}
