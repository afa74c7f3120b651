import type { MultipartWriter, ObjectBody, ObjectWriter, PutOptions, UploadedPart } from './object-store';

/**
 * Stores `body` through the multipart primitives of `target`, one `partSizeBytes` part at a time
 * (bounded memory for streams). A body that fits in one part is one plain `put` instead, which every
 * store answers with a single request. On failure the upload is aborted (best effort) and the first
 * error is thrown. Decorators call it with themselves as `target`, so each part is retried alone.
 */
export async function putInParts(target: ObjectWriter & MultipartWriter, key: string, body: ObjectBody, options?: PutOptions): Promise<void> {
  const partSize = target.partSizeBytes;
  const parts = partsOf(body, partSize)[Symbol.asyncIterator]();
  const first = await parts.next();
  if (first.done) return target.put(key, new Uint8Array(0), options);
  const second = await parts.next();
  if (second.done) return target.put(key, first.value, options);

  const uploadId = await target.createMultipart(key, options);
  try {
    const uploaded: UploadedPart[] = [];
    const upload = async (bytes: Uint8Array): Promise<void> => {
      const partNumber = uploaded.length + 1;
      uploaded.push({ partNumber, etag: await target.uploadPart(key, uploadId, partNumber, bytes) });
    };
    await upload(first.value);
    await upload(second.value);
    for (let next = await parts.next(); !next.done; next = await parts.next()) await upload(next.value);
    await target.completeMultipart(key, uploadId, uploaded);
  } catch (error) {
    // The upload failed already; a failed abort must not hide why (S3 lifecycle rules clean up leftovers).
    await target.abortMultipart(key, uploadId).catch(() => undefined);
    throw error;
  }
}

/** Cuts bytes or a chunk stream into parts of exactly `partSize` bytes, the last one shorter. */
export async function* partsOf(body: ObjectBody, partSize: number): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    for (let start = 0; start < body.length; start += partSize) yield body.subarray(start, start + partSize);
    return;
  }
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const chunk of body) {
    let rest = chunk;
    while (pendingBytes + rest.length >= partSize) {
      const take = partSize - pendingBytes;
      pending.push(rest.subarray(0, take));
      yield concatBytes(pending, partSize);
      rest = rest.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (rest.length > 0) {
      // Copy: a stream may reuse its chunk buffers after we return control.
      pending.push(Uint8Array.from(rest));
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0) yield concatBytes(pending, pendingBytes);
}

function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return Uint8Array.from(chunks[0]);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
