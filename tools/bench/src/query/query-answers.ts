/** Thrown when Prism and the peer (or the workload's own record) disagree: the figures would be meaningless. */
export class AnswerMismatchError extends Error {
  constructor(
    readonly query: string,
    message: string,
  ) {
    super(`${query}: ${message}`);
    this.name = 'AnswerMismatchError';
  }
}

/** The search's answer: span ids (hex) newest first. */
export type SearchAnswer = readonly string[];

/** The aggregate's answer per service. */
export type AggregateAnswer = ReadonlyMap<string, { spans: number; quantile: number }>;

/** Checks a trace-by-id answer against the rows the workload wrote for the trace. */
export function checkTraceRows(traceIdHex: string, expected: number, prism: number, peer: number): void {
  if (prism !== expected || peer !== expected) {
    throw new AnswerMismatchError('trace_by_id', `trace ${traceIdHex} has ${expected} rows; prism returned ${prism}, duckdb ${peer}`);
  }
}

/** Both sides must return the same spans in the same order, and the full match counts must agree. */
export function checkSearch(prism: SearchAnswer, peer: SearchAnswer, limit: number): void {
  if (prism.length !== peer.length || prism.some((spanId, index) => spanId !== peer[index])) {
    throw new AnswerMismatchError('search', `prism returned [${prism.join(', ')}], duckdb [${peer.join(', ')}]`);
  }
  if (prism.length === 0 || prism.length > limit) {
    throw new AnswerMismatchError('search', `expected 1..${limit} spans, got ${prism.length}`);
  }
}

/** Total match counts of the search on both sides; a case matching nothing would measure nothing. */
export function checkSearchCount(prism: number, peer: number): void {
  if (prism !== peer) throw new AnswerMismatchError('search', `prism counts ${prism} matches, duckdb ${peer}`);
  if (prism === 0) throw new AnswerMismatchError('search', 'the case matches no span');
}

/**
 * Same services with the same span counts (so the same top services); each quantile within
 * `tolerance` (relative) of the exact one for groups of at least `minSpans` spans, because Prism's
 * percentile is a t-digest estimate. Returns the largest relative difference seen.
 */
export function checkAggregate(prism: AggregateAnswer, exact: AggregateAnswer, tolerance = 0.05, minSpans = 200): number {
  if (prism.size !== exact.size) throw new AnswerMismatchError('aggregate', `prism has ${prism.size} services, duckdb ${exact.size}`);
  let worst = 0;
  for (const [service, expected] of exact) {
    const actual = prism.get(service);
    if (actual === undefined) throw new AnswerMismatchError('aggregate', `prism has no group for ${service}`);
    if (actual.spans !== expected.spans) throw new AnswerMismatchError('aggregate', `${service}: prism counts ${actual.spans} spans, duckdb ${expected.spans}`);
    if (expected.spans < minSpans) continue;
    const difference = Math.abs(actual.quantile - expected.quantile) / expected.quantile;
    worst = Math.max(worst, difference);
    if (difference > tolerance) {
      throw new AnswerMismatchError(
        'aggregate',
        `${service}: prism's quantile ${actual.quantile} is ${(difference * 100).toFixed(1)}% from the exact ${expected.quantile}`,
      );
    }
  }
  return worst;
}

/** Services by span count, most first (ties by name), for the report. */
export function topServices(answer: AggregateAnswer, count: number): string[] {
  return [...answer.entries()]
    .sort(([a, x], [b, y]) => y.spans - x.spans || a.localeCompare(b))
    .slice(0, count)
    .map(([service]) => service);
}
