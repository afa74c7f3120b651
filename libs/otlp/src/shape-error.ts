/**
 * Thrown inside the decoders when one field has the wrong shape, and caught at the record it belongs
 * to (a span, log record or data point), which is then dropped with an issue. It never leaves the
 * library: the public decoders turn it into a ValidationIssue or a DecodeError.
 */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';

  constructor(
    /** Path of the offending field, e.g. `resourceSpans[0].scopeSpans[1].spans[7].traceId`. */
    readonly path: string,
    /** What was wrong, e.g. `expected hex, got "xyz"`. */
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/**
 * Deepest AnyValue nesting accepted (a kvlist in an array in a kvlist … counts one per AnyValue).
 * protobufjs stops at 100 nested messages, about 32 nested kvlists, so both encodings agree on 32.
 */
export const MAX_ANY_VALUE_DEPTH = 32;

/** Appends `.name` or `[index]` to a field path. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}
