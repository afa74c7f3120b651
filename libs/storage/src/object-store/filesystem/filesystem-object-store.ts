import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assertValidKey, assertValidPrefix, assertValidRange, listLimitOf } from '../object-key';
import type { ListOptions, ListPage, ObjectBody, ObjectInfo, ObjectStore, UploadedPart } from '../object-store';
import { InvalidArgumentError, InvalidKeyError, InvalidRangeError, ObjectNotFoundError, ObjectStoreError } from '../object-store-errors';
import { isGone, listFilesystemPage } from './filesystem-listing';
import { moveIntoPlace, pruneEmptyParents, writeTempFile } from './filesystem-writes';

/** Options of `FilesystemObjectStore`. */
export interface FilesystemObjectStoreOptions {
  /** Root directory; objects live at `<dir>/<key>`. */
  readonly dir: string;
  /** Part size of multipart uploads (only decorators use them here: a stream is written directly). */
  readonly partSizeBytes: number;
  /** Fsync files and directories before a put returns (off only in throwaway tests). */
  readonly fsync: boolean;
}

/** Defaults for `FilesystemObjectStore`, given the root directory. */
export function defaultFilesystemObjectStoreOptions(dir: string): FilesystemObjectStoreOptions {
  return { dir, partSizeBytes: 8 * 1024 * 1024, fsync: true };
}

/** The top-level directory of temp files and multipart uploads; no key may start with it. */
export const STAGING_DIR_NAME = '.staging';

const UPLOAD_ID = /^[0-9a-f-]{36}$/;

/**
 * Objects as files under one root (the embedded default, `.prism/objects`). Puts write a temp file
 * and rename it into place, so readers never see half an object. A key cannot be both an object and
 * the prefix of another (`a` and `a/b`), which S3 allows: Prism's layouts never need that.
 *
 * @example
 * const store = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions('.prism/objects'));
 * await store.put('shard=0/tenants/t1/x.bin', bytes);
 */
export class FilesystemObjectStore implements ObjectStore {
  readonly partSizeBytes: number;
  private readonly root: string;
  private readonly staging: string;
  private readonly fsync: boolean;

  constructor(options: FilesystemObjectStoreOptions) {
    this.root = resolve(options.dir);
    this.staging = join(this.root, STAGING_DIR_NAME);
    this.partSizeBytes = options.partSizeBytes;
    this.fsync = options.fsync;
  }

  async get(key: string): Promise<Uint8Array> {
    const path = this.pathOf(key);
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      throw notFoundOr('get', key, error);
    }
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const path = this.pathOf(key);
    assertValidRange(key, offset, length);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw notFoundOr('getRange', key, error);
    }
    try {
      const { size } = await handle.stat();
      if (offset >= size) throw new InvalidRangeError(key, offset, length, `offset is at or past the end (size ${size})`);
      const out = new Uint8Array(Math.min(length, size - offset));
      for (let filled = 0; filled < out.length;) {
        const { bytesRead } = await handle.read(out, filled, out.length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return out;
    } catch (error) {
      throw notFoundOr('getRange', key, error);
    } finally {
      await handle.close();
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      return info.isFile() ? { size: info.size } : undefined;
    } catch (error) {
      if (isGone(error)) return undefined;
      throw failure('head', key, error);
    }
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    assertValidPrefix(prefix);
    const limit = listLimitOf(prefix, options);
    const after = options?.cursor;
    if (after !== undefined && !after.startsWith(prefix)) throw new InvalidArgumentError(prefix, 'cursor does not belong to this prefix');
    try {
      return await listFilesystemPage({ root: this.root, prefix, after, limit, reservedName: STAGING_DIR_NAME });
    } catch (error) {
      throw failure('list', prefix, error);
    }
  }

  async put(key: string, body: ObjectBody): Promise<void> {
    const path = this.pathOf(key);
    try {
      const temp = await writeTempFile(this.staging, body instanceof Uint8Array ? [body] : body, this.fsync);
      await moveIntoPlace(temp, path, this.fsync);
    } catch (error) {
      throw failure('put', key, error);
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      // A directory at the path is a prefix, not an object: nothing to delete.
      if (isGone(error) || (error as NodeJS.ErrnoException).code === 'EISDIR' || (error as NodeJS.ErrnoException).code === 'EPERM') return;
      throw failure('delete', key, error);
    }
    await pruneEmptyParents(this.root, path).catch(() => undefined);
  }

  async createMultipart(key: string): Promise<string> {
    this.pathOf(key);
    const uploadId = randomUUID();
    await mkdir(this.uploadDir(key, uploadId), { recursive: true });
    return uploadId;
  }

  async uploadPart(key: string, uploadId: string, partNumber: number, bytes: Uint8Array): Promise<string> {
    const dir = this.uploadDir(key, uploadId);
    if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
      throw new InvalidArgumentError(key, `part number must be 1–10000, got ${partNumber}`);
    }
    try {
      await stat(dir);
      const temp = await writeTempFile(this.staging, [bytes], this.fsync);
      await moveIntoPlace(temp, join(dir, `${partNumber}.part`), false);
    } catch (error) {
      throw isGone(error) ? new InvalidArgumentError(key, `unknown upload ${uploadId}`) : failure('uploadPart', key, error);
    }
    return createHash('md5').update(bytes).digest('hex');
  }

  async completeMultipart(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    const path = this.pathOf(key);
    const dir = this.uploadDir(key, uploadId);
    parts.forEach((part, index) => {
      if (part.partNumber !== index + 1) throw new InvalidArgumentError(key, 'parts must be numbered 1, 2, 3, … in order');
    });
    try {
      const temp = await writeTempFile(this.staging, this.readParts(dir, parts), this.fsync);
      await moveIntoPlace(temp, path, this.fsync);
    } catch (error) {
      throw isGone(error) ? new InvalidArgumentError(key, `unknown upload ${uploadId} or missing part`) : failure('completeMultipart', key, error);
    }
    await rm(dir, { recursive: true, force: true });
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    await rm(this.uploadDir(key, uploadId), { recursive: true, force: true });
  }

  /** Ids of multipart uploads started and neither completed nor aborted (for tests and cleanup). */
  async pendingUploads(): Promise<string[]> {
    try {
      return (await readdir(join(this.staging, 'uploads'))).sort();
    } catch (error) {
      if (isGone(error)) return [];
      throw failure('list', STAGING_DIR_NAME, error);
    }
  }

  private async *readParts(dir: string, parts: readonly UploadedPart[]): AsyncGenerator<Uint8Array> {
    for (const part of parts) {
      const bytes = await readFile(join(dir, `${part.partNumber}.part`));
      if (createHash('md5').update(bytes).digest('hex') !== part.etag) {
        throw new InvalidArgumentError(`part ${part.partNumber}`, 'etag does not match the uploaded part');
      }
      yield bytes;
    }
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    if (key === STAGING_DIR_NAME || key.startsWith(`${STAGING_DIR_NAME}/`)) {
      throw new InvalidKeyError(key, `"${STAGING_DIR_NAME}" is reserved by the filesystem store`);
    }
    return join(this.root, key);
  }

  private uploadDir(key: string, uploadId: string): string {
    if (!UPLOAD_ID.test(uploadId)) throw new InvalidArgumentError(key, `unknown upload ${uploadId}`);
    return join(this.staging, 'uploads', uploadId);
  }
}

function notFoundOr(operation: string, key: string, error: unknown): Error {
  if (error instanceof InvalidRangeError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (isGone(error) || code === 'EISDIR') return new ObjectNotFoundError(key);
  return failure(operation, key, error);
}

function failure(operation: string, key: string, error: unknown): Error {
  if (error instanceof ObjectStoreError || error instanceof InvalidArgumentError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new ObjectStoreError(operation, key, error instanceof Error ? error.message : String(error), {
    transient: code === 'EMFILE' || code === 'EBUSY' || code === 'EAGAIN',
    code,
    cause: error,
  });
}
