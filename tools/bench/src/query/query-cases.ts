import { BaseColumn, attributeColumn, ColumnPrefix } from '@prism/contract';
import type { QueryPlan } from '@prism/query';
import type { TraceSample } from './span-workload';

/** Column names as the spans signal writes them (row model names, not aliases, so SQL can use them too). */
export const SpanRowColumn = {
  service: 'resource.service.name',
  duration: 'duration',
  tier: attributeColumn(ColumnPrefix.span, 'customer.tier'),
  signalType: BaseColumn.signalType,
  timestamp: BaseColumn.timestamp,
  traceId: BaseColumn.traceId,
  spanId: BaseColumn.spanId,
} as const;

/** Span rows, as opposed to span-event rows, in `signal_type`. */
export const SPAN_ROW_TYPE = 'span';

/** Search: one service's spans of one customer tier at least `minDurationNs` long, newest first. */
export interface SearchCase {
  service: string;
  tier: string;
  minDurationNs: bigint;
  fromNs: bigint;
  toNs: bigint;
  limit: number;
}

/** Aggregate: the `quantile` of span duration per service over [fromNs, toNs). */
export interface AggregateCase {
  fromNs: bigint;
  toNs: bigint;
  quantile: number;
}

/** The three benchmark queries, with the same parameters for Prism and the peer. */
export interface QueryCases {
  traces: readonly TraceSample[];
  search: SearchCase;
  aggregate: AggregateCase;
}

const NS_PER_MS = 1_000_000n;

/**
 * Cases for a workload of `windowMinutes` from `startMs`: search over the whole window (a
 * Zipkin-style lookback) for a mid-popularity service, enterprise tier, ≥ 50 ms; the aggregate
 * over the hour in the middle of the window, so about half the segments are pruned by time.
 */
export function queryCasesFor(traces: readonly TraceSample[], startMs: number, windowMinutes: number): QueryCases {
  const fromNs = BigInt(startMs) * NS_PER_MS;
  const toNs = fromNs + BigInt(windowMinutes + 1) * 60_000n * NS_PER_MS;
  const middle = fromNs + (BigInt(windowMinutes) * 60_000n * NS_PER_MS) / 2n;
  const halfHour = 30n * 60_000n * NS_PER_MS;
  return {
    traces,
    search: { service: 'service-2', tier: 'enterprise', minDurationNs: 50n * NS_PER_MS, fromNs, toNs, limit: 20 },
    aggregate: { fromNs: middle - halfHour, toNs: middle + halfHour, quantile: 0.95 },
  };
}

function searchFilters(search: SearchCase): NonNullable<QueryPlan['filters']> {
  return [
    { column: SpanRowColumn.signalType, op: 'eq', value: SPAN_ROW_TYPE },
    { column: SpanRowColumn.service, op: 'eq', value: search.service },
    { column: SpanRowColumn.tier, op: 'eq', value: search.tier },
    { column: SpanRowColumn.duration, op: 'gte', value: search.minDurationNs },
  ];
}

/** The search as a Prism plan: the newest `limit` matching spans. */
export function searchPlan(search: SearchCase): QueryPlan {
  return {
    signal: 'spans',
    timeRange: { fromNs: search.fromNs, toNs: search.toNs },
    filters: searchFilters(search),
    select: [SpanRowColumn.timestamp, SpanRowColumn.spanId, SpanRowColumn.service, SpanRowColumn.duration],
    orderBy: [{ column: SpanRowColumn.timestamp, direction: 'desc' }],
    limit: search.limit,
  };
}

/** How many spans the search matches in all (for checking answers, not timed). */
export function searchCountPlan(search: SearchCase): QueryPlan {
  return {
    signal: 'spans',
    timeRange: { fromNs: search.fromNs, toNs: search.toNs },
    filters: searchFilters(search),
    aggregates: [{ fn: 'count', as: 'matches' }],
  };
}

/** The aggregate as a Prism plan: p-quantile of duration and span count per service. */
export function aggregatePlan(aggregate: AggregateCase): QueryPlan {
  return {
    signal: 'spans',
    timeRange: { fromNs: aggregate.fromNs, toNs: aggregate.toNs },
    filters: [{ column: SpanRowColumn.signalType, op: 'eq', value: SPAN_ROW_TYPE }],
    groupBy: [{ column: SpanRowColumn.service }],
    aggregates: [
      { fn: 'percentile', column: SpanRowColumn.duration, q: aggregate.quantile, as: 'quantile' },
      { fn: 'count', as: 'spans' },
    ],
    limit: 10_000,
  };
}
