import type { ExportPartialSuccess } from '@prism/contract';

/** What the client is told about an accepted request; stored with the idempotency key for retries. */
export interface AcceptedResponse {
  /** Records stored (spans, log records, data points). */
  acceptedRecords: number;
  /** Set when some records were rejected: the OTLP `partial_success`. */
  partialSuccess?: ExportPartialSuccess;
}

/**
 * The result of one ingest request, as a value; the HTTP edge maps it to a status.
 * - `accepted`: stored and visible (200, or 202 for Zipkin).
 * - `duplicate`: a retry of a request already stored; answer with the stored response.
 * - `rejected`: the body is bad data and must not be retried (400).
 * - `conflict`: the idempotency key was used with another body (422).
 * - `retryable`: nothing stored; retry (503 with the edge's Retry-After policy, or 429 when throttled,
 *   after the token bucket's `retryAfterMs`).
 */
export type IngestOutcome =
  | ({ kind: 'accepted' } & AcceptedResponse)
  | ({ kind: 'duplicate' } & AcceptedResponse)
  | { kind: 'rejected'; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'retryable'; status: 429; message: string; retryAfterMs: number }
  | { kind: 'retryable'; status: 503; message: string };
