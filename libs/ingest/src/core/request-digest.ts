import { createHash } from 'node:crypto';
import type { IngestRequest } from './ingest-request';

/** Prefix of keys derived from the body when the client sends no `Idempotency-Key`. */
export const DIGEST_KEY_PREFIX = 'digest:';

/**
 * SHA-256 of what makes two requests "the same": the endpoint, the media type and the body. The
 * endpoint is part of it so one body sent to /v1/logs and /v1/traces is never taken for a retry.
 */
export function requestDigest(request: Pick<IngestRequest, 'signal' | 'format' | 'contentType' | 'body'>): string {
  const endpoint = request.format?.path ?? request.signal.ingest.otlpPath;
  return createHash('sha256').update(endpoint).update('\u0000').update(request.contentType).update('\u0000').update(request.body).digest('hex');
}

/** The idempotency key a request is stored under: the client's key, or one derived from the digest. */
export function idempotencyKeyOf(request: Pick<IngestRequest, 'idempotencyKey'>, digest: string): { key: string; fromHeader: boolean } {
  if (request.idempotencyKey !== undefined && request.idempotencyKey !== '') return { key: request.idempotencyKey, fromHeader: true };
  return { key: DIGEST_KEY_PREFIX + digest, fromHeader: false };
}
