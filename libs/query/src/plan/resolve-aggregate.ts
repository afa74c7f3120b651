import type { Signal } from '@prism/contract';
import { QueryValidationError } from '../errors';
import { resolveColumn } from './column-resolver';
import { MetricRowColumn } from './metric-row-columns';
import { AGGREGATE_FNS, type Aggregate } from '@prism/contract';
import type { ResolvedAggregate } from './resolved-plan';

const NUMERIC_FNS: ReadonlySet<string> = new Set(['sum', 'avg', 'percentile', 'rate']);

/** Checks one aggregate and names its output, e.g. `p95(duration)`, `count()`. */
export function resolveAggregate(signal: Signal, aggregate: Aggregate, path: string): ResolvedAggregate {
  const fn = aggregate.fn;
  if (!(AGGREGATE_FNS as readonly string[]).includes(fn)) {
    throw new QueryValidationError(`${path}/fn`, `unknown aggregate "${String(fn)}" (expected one of ${AGGREGATE_FNS.join(', ')})`);
  }
  if (aggregate.as !== undefined && (typeof aggregate.as !== 'string' || aggregate.as === '')) {
    throw new QueryValidationError(`${path}/as`, 'expected a non-empty string');
  }
  let q: number | undefined;
  if (fn === 'percentile' || fn === 'histogram_quantile') {
    if (typeof aggregate.q !== 'number' || !(aggregate.q >= 0 && aggregate.q <= 1)) {
      throw new QueryValidationError(`${path}/q`, `${fn} needs a quantile "q" from 0 to 1`);
    }
    q = aggregate.q;
  } else if (aggregate.q !== undefined) {
    throw new QueryValidationError(`${path}/q`, `${fn} takes no quantile`);
  }
  if (fn === 'histogram_quantile') {
    for (const column of [MetricRowColumn.bucketLower, MetricRowColumn.bucketUpper, MetricRowColumn.bucketCount]) {
      if (signal.query.knownColumns[column] === undefined) {
        throw new QueryValidationError(`${path}/fn`, `histogram_quantile needs histogram bucket rows, which signal "${signal.name}" does not have`);
      }
    }
    if (aggregate.column !== undefined) throw new QueryValidationError(`${path}/column`, 'histogram_quantile reads the bucket columns itself: leave "column" out');
    return { fn, q, output: aggregate.as ?? `histogram_quantile(${q})` };
  }
  if (fn === 'count') {
    if (aggregate.column !== undefined) throw new QueryValidationError(`${path}/column`, 'count counts rows: leave "column" out');
    return { fn, output: aggregate.as ?? 'count' };
  }
  if (aggregate.column === undefined) throw new QueryValidationError(`${path}/column`, `${fn} needs a column`);
  const { column, type } = resolveColumn(signal, aggregate.column, `${path}/column`);
  if (NUMERIC_FNS.has(fn) && type !== undefined && type !== 'int64' && type !== 'double') {
    throw new QueryValidationError(`${path}/column`, `${fn} needs a numeric column; "${column}" holds ${type} values`);
  }
  if (fn === 'rate' && signal.query.knownColumns[MetricRowColumn.temporality] === undefined) {
    throw new QueryValidationError(`${path}/fn`, `rate needs metric rows with a temporality, which signal "${signal.name}" does not have`);
  }
  const label = fn === 'percentile' ? `p${formatQuantile(q as number)}` : fn;
  return { fn, column, ...(q === undefined ? {} : { q }), output: aggregate.as ?? `${label}(${aggregate.column})` };
}

/** 0.95 → "95", 0.999 → "99.9". */
function formatQuantile(q: number): string {
  return String(Math.round(q * 100_000) / 1000);
}
