import { ContentType } from '@prism/contract';
import { encodeStatus, parseContentType } from '@prism/otlp';
import { jsonResponse, type HttpResponse } from '@prism/server';

/** google.rpc.Code values for the HTTP statuses ingest answers with (carried for troubleshooting). */
const RPC_CODE: Readonly<Record<number, number>> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  413: 8, // RESOURCE_EXHAUSTED
  415: 3,
  422: 9, // FAILED_PRECONDITION
  429: 8,
  500: 13, // INTERNAL
  503: 14, // UNAVAILABLE
};

/** Stable machine-readable words for the JSON error body of non-OTLP endpoints. */
const ERROR_CODE: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'idempotency_key_reused',
  429: 'rate_limited',
  500: 'internal',
  503: 'unavailable',
};

/** How an endpoint writes its error bodies. */
export type ErrorStyle = 'otlp' | 'json';

/** The encoding OTLP answers in: the request's, JSON when it is unknown or missing. */
export function responseEncodingOf(contentTypeHeader: string | undefined): ContentType {
  return parseContentType(contentTypeHeader ?? '') ?? ContentType.json;
}

/** `Retry-After` in whole seconds, at least 1. */
export function retryAfterHeader(retryAfterMs: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
}

/**
 * An error response: for OTLP endpoints a google.rpc.Status in the request's encoding (the OTLP/HTTP
 * rule for every 4xx and 5xx); for others Prism's JSON error body.
 */
export function ingestError(
  style: ErrorStyle,
  contentTypeHeader: string | undefined,
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse {
  if (style === 'json') return jsonResponse(status, { error: { code: ERROR_CODE[status] ?? 'error', message } }, headers);
  const encoding = responseEncodingOf(contentTypeHeader);
  return {
    status,
    headers: { 'content-type': encoding, ...headers },
    body: encodeStatus({ code: RPC_CODE[status] ?? 2, message }, encoding),
  };
}
