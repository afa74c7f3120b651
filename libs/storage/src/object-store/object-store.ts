/**
 * The raw object-store boundary (like Tempo's RawReader/RawWriter): small interfaces implemented once
 * per backend (`filesystem/`, `s3/`), with retries and other cross-cutting concerns as decorators
 * (`retrying/`). Keys are `/`-separated paths checked by `assertValidKey`.
 */

/** What `put` accepts: bytes, or a stream of chunks (a Node `Readable` is one) of unknown length. */
export type ObjectBody = Uint8Array | AsyncIterable<Uint8Array>;

/** Options of `put`. */
export interface PutOptions {
  /** Stored as the object's content type where the backend keeps one (S3); ignored on a file system. */
  readonly contentType?: string;
}

/** What `head` knows about an object. */
export interface ObjectInfo {
  readonly size: number;
  /** Backend entity tag (S3 ETag without quotes); absent on a file system. */
  readonly etag?: string;
}

/** One entry of a listing page. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
}

/** Options of `list`. */
export interface ListOptions {
  /** The `nextCursor` of the previous page; opaque and only valid for the same store and prefix. */
  readonly cursor?: string;
  /** Most keys per page, 1–1000 (default 1000). */
  readonly limit?: number;
}

/** One page of a listing, keys in ascending UTF-8 byte order; `nextCursor` is absent on the last page. */
export interface ListPage {
  readonly keys: readonly ListedObject[];
  readonly nextCursor?: string;
}

/** A part already uploaded in a multipart upload. */
export interface UploadedPart {
  /** 1-based, ascending without gaps in `completeMultipart`. */
  readonly partNumber: number;
  readonly etag: string;
}

/** Reading objects. */
export interface ObjectReader {
  /** The whole object; `ObjectNotFoundError` when it does not exist. */
  get(key: string): Promise<Uint8Array>;
  /**
   * Bytes `[offset, offset + length)`, cut short at the object's end; an `offset` at or past the end
   * is an `InvalidRangeError` (as S3 answers 416), a missing object an `ObjectNotFoundError`.
   */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  /** Size (and etag) of an object, or `undefined` when it does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** One page of the keys starting with `prefix` (`''` for all). */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
}

/** Writing and deleting whole objects. */
export interface ObjectWriter {
  /**
   * Stores an object atomically (readers see the old object or the new one). Bytes up to
   * `partSizeBytes` are one request; larger bodies and streams may go through `putInParts`.
   */
  put(key: string, body: ObjectBody, options?: PutOptions): Promise<void>;
  /** Removes an object; deleting a missing key succeeds (as on S3). */
  delete(key: string): Promise<void>;
}

/**
 * The multipart primitives behind large puts. Each call is small and repeatable, so a decorator can
 * retry one part instead of the whole object. `putInParts` drives them.
 */
export interface MultipartWriter {
  /** The part size this backend wants (S3: at least 5 MiB except the last part). */
  readonly partSizeBytes: number;
  /** Starts an upload and returns its id. */
  createMultipart(key: string, options?: PutOptions): Promise<string>;
  /** Stores one part (uploading the same number again replaces it) and returns its etag. */
  uploadPart(key: string, uploadId: string, partNumber: number, bytes: Uint8Array): Promise<string>;
  /** Joins the parts into the object, atomically. */
  completeMultipart(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void>;
  /** Drops an upload and its parts; best effort on backends that cannot (see the README). */
  abortMultipart(key: string, uploadId: string): Promise<void>;
}

/** A whole object store backend. */
export interface ObjectStore extends ObjectReader, ObjectWriter, MultipartWriter {}

/** The most keys one `list` page may return, as on S3. */
export const MAX_LIST_LIMIT = 1000;
