/**
 * A query that cannot run as written. `path` is a JSON-pointer-like location of the offending
 * part of the query, e.g. `/filters/2/op`, so a client can point at it.
 */
export class QueryValidationError extends Error {
  override readonly name = 'QueryValidationError';

  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(path === '' ? detail : `${path}: ${detail}`);
  }
}

/** Which budget a query ran out of. */
export type QueryBudgetKind = 'time' | 'memory';

/** A query stopped because it went past its time or memory budget; nothing partial is returned. */
export class QueryBudgetExceededError extends Error {
  override readonly name = 'QueryBudgetExceededError';

  constructor(
    readonly kind: QueryBudgetKind,
    readonly limit: number,
    readonly used: number,
  ) {
    super(
      kind === 'time' ? `query exceeded its time budget of ${limit} ms` : `query exceeded its memory budget of ${limit} bytes (about ${used} bytes needed)`,
    );
  }
}
