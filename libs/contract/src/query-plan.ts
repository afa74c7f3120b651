/**
 * The programmatic query: what the JSON DSL parses into, and what other front ends (signal
 * plug-ins' own routes such as the Zipkin API, SQL) build directly; part of the plug-in contract so
 * that a plug-in's routes can query without importing the engine. Column names may be aliases of the signal (`service`) or full row
 * model names (`resource.service.name`, `span.attr.http.method`). There is no tenant here on
 * purpose: the tenant comes only from the authenticated context passed to the engine.
 */
export interface QueryPlan {
  /** Registered signal name, e.g. `spans`, `logs`, `metrics`. */
  signal: string;
  /** Dataset to read; the signal's default dataset when absent. */
  dataset?: string;
  /** Rows with `fromNs <= timestamp < toNs`; every time when absent. */
  timeRange?: TimeRange;
  filters?: readonly Filter[];
  /** Columns to return for row queries (no aggregates); the signal's default columns when absent. */
  select?: readonly string[];
  groupBy?: readonly GroupKey[];
  aggregates?: readonly Aggregate[];
  orderBy?: readonly OrderKey[];
  /** Most rows (or groups) returned. */
  limit?: number;
}

/** A half-open time range in nanoseconds since the epoch. */
export interface TimeRange {
  fromNs: bigint;
  toNs: bigint;
}

/** Filter operators; see docs/query-dsl.md for their exact meaning. */
export const FILTER_OPS = ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'contains', 'regex', 'exists'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** A literal in a filter: int64 columns take numbers or decimal strings, bytes columns hex strings. */
export type FilterLiteral = string | number | boolean | bigint;

export interface Filter {
  column: string;
  op: FilterOp;
  /** A literal; a list for `in`; a boolean for `exists` (true when absent). */
  value?: FilterLiteral | readonly FilterLiteral[];
}

/** Group by a column's value, or by a fixed-width time bucket of `timestamp`. */
export type GroupKey = { column: string } | { timeBucket: { widthNs: bigint }; as?: string };

/** The built-in aggregates; signal plug-ins add their own (`SignalQueryHooks.aggregates`, e.g. metrics' `rate`). */
export const AGGREGATE_FNS = ['count', 'sum', 'avg', 'min', 'max', 'percentile', 'count_distinct'] as const;
export type BuiltinAggregateFn = (typeof AGGREGATE_FNS)[number];
/** A built-in aggregate or one a registered signal declares. */
export type AggregateFn = BuiltinAggregateFn | (string & {});

export interface Aggregate {
  fn: AggregateFn;
  /** The column aggregated; not used by `count` (counts rows) or aggregates that read their own columns (`histogram_quantile`). */
  column?: string;
  /** The quantile, 0..1, of `percentile` and quantile aggregates of plug-ins (`histogram_quantile`). */
  q?: number;
  /** Output column name; e.g. `p95(duration)` when absent. */
  as?: string;
}

export interface OrderKey {
  /** An output column: a group column, a time bucket or an aggregate's name; a selected column for row queries. */
  column: string;
  direction?: 'asc' | 'desc';
}
