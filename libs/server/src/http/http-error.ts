/** An outcome a handler reports with an HTTP status; `code` is a stable machine-readable word. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `allow` on 405 or `retry-after` on 503. */
    readonly headers: Readonly<Record<string, string>> = {},
    /** Extra fields of the error body beside `code` and `message`, e.g. the `path` of a bad query part. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** The JSON error body every endpoint uses. */
export interface ErrorBody {
  error: { code: string; message: string; [detail: string]: unknown };
}
