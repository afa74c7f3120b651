/** One rejected record: where it was in the request and why. */
export interface ValidationIssue {
  /** Path of the offending field, e.g. `resourceSpans[0].scopeSpans[1].spans[7].traceId`. */
  path: string;
  message: string;
}

/** A request body that could not be decoded at all (not one bad record: the whole body). */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';

  constructor(
    message: string,
    /** Where decoding stopped: a field path, or a byte offset for binary bodies. */
    readonly path = '',
  ) {
    super(path === '' ? message : `${path}: ${message}`);
  }
}

/** The outcome of decoding a request: a value plus the records dropped on the way, or an error. */
export type DecodeResult<T> = { ok: true; value: T; issues: ValidationIssue[] } | { ok: false; error: DecodeError };

/** Formats issues for an OTLP `partial_success.error_message`, keeping it short. */
export function summarizeIssues(issues: readonly ValidationIssue[], limit = 10): string {
  const shown = issues.slice(0, limit).map((issue) => `${issue.path}: ${issue.message}`);
  if (issues.length > limit) shown.push(`… and ${issues.length - limit} more`);
  return shown.join('; ');
}
