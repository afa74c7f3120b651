import { HttpError, httpError, rateLimitedError, unavailableError } from '@prism/server';
import type { IngestOutcome } from '../core/ingest-outcome';

/**
 * The HttpError for an outcome that stored nothing, shared by the HTTP and gRPC edges so both
 * answer a failure alike: 400 bad data, 422 a reused idempotency key, 429 throttled (Retry-After
 * from the token bucket), 503 a dependency down (Retry-After from the policy).
 */
export function outcomeHttpError(outcome: Exclude<IngestOutcome, { kind: 'accepted' | 'duplicate' }>): HttpError {
  switch (outcome.kind) {
    case 'rejected':
      return httpError(400, outcome.message);
    case 'conflict':
      return new HttpError(422, 'idempotency_key_reused', outcome.message);
    case 'retryable':
      return outcome.status === 429 ? rateLimitedError(outcome.message, outcome.retryAfterMs) : unavailableError(outcome.message);
  }
}
