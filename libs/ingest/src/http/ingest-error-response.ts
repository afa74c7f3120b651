import { ContentType } from '@prism/contract';
import { encodeStatus, parseContentType } from '@prism/otlp';
import { errorResponse, rpcCodeOf, type HttpError, type HttpResponse, type Logger } from '@prism/server';

/** How an endpoint writes its error bodies: OTLP's google.rpc.Status, or Prism's JSON error body. */
export type ErrorStyle = 'otlp' | 'json';

/**
 * An HttpError (status, code and headers from the server's error mapping) as ingest answers it:
 * for OTLP endpoints a google.rpc.Status in the request's encoding, JSON when that is unknown (the
 * OTLP/HTTP rule for every 4xx and 5xx); for the others, the server's JSON error body.
 */
export function ingestErrorResponse(style: ErrorStyle, contentTypeHeader: string | undefined, error: HttpError, logger: Logger): HttpResponse {
  if (style === 'json') return errorResponse(error, logger);
  const encoding = parseContentType(contentTypeHeader ?? '') ?? ContentType.json;
  return {
    status: error.status,
    headers: { 'content-type': encoding, ...error.headers },
    body: encodeStatus({ code: rpcCodeOf(error.status), message: error.message }, encoding),
  };
}
