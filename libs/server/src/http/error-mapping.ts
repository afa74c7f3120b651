import type { Logger } from '../logging/json-logger';
import { HttpError, type ErrorBody } from './http-error';
import { jsonResponse, type HttpResponse } from './http-types';
import { RETRY_AFTER_MS, retryAfterHeader } from './retry-after-policy';

/** The code word of a status when the thrower names none. */
const CODE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  500: 'internal',
  503: 'unavailable',
};

/** google.rpc.Code of each status, for endpoints that answer with a google.rpc.Status (OTLP/HTTP). */
const RPC_CODE_OF_STATUS: Readonly<Record<number, number>> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  404: 5, // NOT_FOUND
  413: 8, // RESOURCE_EXHAUSTED
  415: 3,
  422: 9, // FAILED_PRECONDITION
  429: 8,
  500: 13, // INTERNAL
  503: 14, // UNAVAILABLE
};

/**
 * An HttpError with the status's usual code word (`400` → `bad_request`, `401` → `unauthenticated`, …).
 * @example throw httpError(415, 'unsupported Content-Type "text/plain"');
 */
export function httpError(status: number, message: string, headers: Readonly<Record<string, string>> = {}): HttpError {
  return new HttpError(status, CODE_OF_STATUS[status] ?? 'error', message, headers);
}

/** 503 `unavailable` with the policy's Retry-After (1 s): a dependency such as the catalog is down. */
export function unavailableError(message: string): HttpError {
  return new HttpError(503, 'unavailable', message, retryAfterHeader(RETRY_AFTER_MS.unavailable));
}

/** 503 `not_started` with the policy's Retry-After (5 s): the service could not open its resources. */
export function notStartedError(message: string): HttpError {
  return new HttpError(503, 'not_started', message, retryAfterHeader(RETRY_AFTER_MS.notStarted));
}

/** 429 `rate_limited`, retrying after the token bucket's own wait. */
export function rateLimitedError(message: string, retryAfterMs: number): HttpError {
  return new HttpError(429, 'rate_limited', message, retryAfterHeader(retryAfterMs));
}

/** The google.rpc.Code for a status; 2 (UNKNOWN) for one without a mapping. */
export function rpcCodeOf(status: number): number {
  return RPC_CODE_OF_STATUS[status] ?? 2;
}

/**
 * The one place errors become JSON responses: an HttpError keeps its status, code, headers and
 * details; anything else is a bug, logged in full and answered with a bare 500 so internals do not
 * leak to clients.
 */
export function errorResponse(error: unknown, logger: Logger): HttpResponse {
  if (error instanceof HttpError) {
    const body: ErrorBody = { error: { ...error.details, code: error.code, message: error.message } };
    return jsonResponse(error.status, body, error.headers);
  }
  logger.error('unhandled error', { error });
  const body: ErrorBody = { error: { code: 'internal', message: 'Internal server error' } };
  return jsonResponse(500, body);
}
