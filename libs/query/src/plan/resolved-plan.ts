import type { AggregateFn, ColumnType, FilterLiteral, FilterOp, Signal, SignalAggregate, TimeRange } from '@prism/contract';

/** A filter with its column resolved and its literals checked. */
export interface ResolvedFilter {
  column: string;
  /** The column's type when the signal knows it; attribute columns are typed per segment. */
  type: ColumnType | undefined;
  op: FilterOp;
  /** One literal, or the list of `in`; empty for `exists`. */
  values: readonly FilterLiteral[];
  /** For `exists`: whether the column must be present (true) or absent (false). */
  exists: boolean;
  regex?: RegExp;
}

export type ResolvedGroupKey =
  { kind: 'column'; column: string; type: ColumnType | undefined; output: string } | { kind: 'time'; widthNs: bigint; output: string };

export interface ResolvedAggregate {
  fn: AggregateFn;
  column?: string;
  q?: number;
  /** The signal plug-in's declaration, for an aggregate a plug-in adds (e.g. `rate`). */
  plugin?: SignalAggregate;
  output: string;
}

/** A projected column of a row query: read `column`, return it as `output`. */
export interface ResolvedSelect {
  column: string;
  output: string;
}

export interface ResolvedOrderKey {
  /** An output column name. */
  output: string;
  descending: boolean;
}

/** A validated plan: every column resolved, every literal checked, ready to prune and execute. */
export interface ResolvedPlan {
  signal: Signal;
  dataset: string;
  timeRange: TimeRange | undefined;
  /** Set when a filter pins `trace_id` to one id: pruning then starts from trace hints. */
  traceIdHex: string | undefined;
  filters: readonly ResolvedFilter[];
  /** True when the query groups or aggregates; false for row queries. */
  aggregated: boolean;
  select: readonly ResolvedSelect[];
  /** A row query that selected `*`: every column of every segment, null cells left out. */
  allColumns: boolean;
  groupBy: readonly ResolvedGroupKey[];
  aggregates: readonly ResolvedAggregate[];
  orderBy: readonly ResolvedOrderKey[];
  /** Row-query order keys that are not selected but must be read. */
  orderColumns: readonly ResolvedSelect[];
  limit: number;
}
