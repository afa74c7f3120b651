import type { Logger } from '../logging/json-logger';
import { jsonResponse } from './http-types';
import type { HttpResponse } from './http-types';

/** An outcome a handler reports with an HTTP status; `code` is a stable machine-readable word. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `allow` on 405 or `retry-after` on 503. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The JSON error body every endpoint uses. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * The one place errors become responses: an HttpError keeps its status and message; anything else
 * is a bug, logged in full and answered with a bare 500 so internals do not leak to clients.
 */
export function errorResponse(error: unknown, logger: Logger): HttpResponse {
  if (error instanceof HttpError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    return jsonResponse(error.status, body, error.headers);
  }
  logger.error('unhandled error', { error });
  const body: ErrorBody = { error: { code: 'internal', message: 'Internal server error' } };
  return jsonResponse(500, body);
}
