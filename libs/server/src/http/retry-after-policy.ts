/**
 * How long a client is told to wait before retrying, in one place so every endpoint answers the
 * same 503 the same way: a dependency that is briefly unreachable (the catalog, the hot store) is
 * worth retrying soon; a service that failed to start will not be back before someone looks.
 * A 429 carries the token bucket's own wait instead.
 */
export const RETRY_AFTER_MS = {
  /** 503 `unavailable`: a dependency is down; nothing was done. */
  unavailable: 1000,
  /** 503 `not_started`: the service could not open its resources. */
  notStarted: 5000,
} as const;

/** The `Retry-After` header for a wait, in whole seconds, at least 1. */
export function retryAfterHeader(retryAfterMs: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
}
