import type { RowValue } from './row-values';

/** One column's cells in the batch being aggregated; all-null when the batch lacks the column. */
export interface AggregateCells {
  /** The cell as a number (int64 converted), or null. */
  number(row: number): number | null;
  /** The cell in a comparable form (int64 as bigint, bytes as hex), or null. */
  comparable(row: number): bigint | number | string | boolean | null;
  /** The cell as a JS value, or null. */
  value(row: number): RowValue;
}

/** The columns an aggregate reads in one batch. */
export interface AggregateInputCells {
  /** The aggregate's `column`; all-null for an aggregate that takes none. */
  readonly value: AggregateCells;
  /** One of the columns the aggregate declared in `reads`. */
  column(name: string): AggregateCells;
  /** Every column of the batch its `readsMatching` selects, in schema order. */
  readonly matching: readonly AggregateCells[];
}

/** What a group's result may depend on beside its rows. */
export interface AggregateResultContext {
  /** The group's time window: its bucket width, else the query's time range. */
  readonly windowNs: bigint | undefined;
}

/** One aggregate's running state for one group. */
export interface AggregateState {
  /** Adds a row; returns the bytes of memory it added (for the memory budget). */
  add(row: number, inputs: AggregateInputCells): number;
  result(context: AggregateResultContext): RowValue;
}

/**
 * An aggregate function a signal plug-in adds to the query DSL, e.g. the metrics signal's `rate`.
 * The engine validates its arguments from this declaration, reads the columns it names, and feeds
 * each group's rows to a fresh state.
 *
 * @example
 * { fn: 'max_len', column: 'any', quantile: false, reads: [], needs: 'text', create: () => new MaxLengthState() }
 */
export interface SignalAggregate {
  /** The DSL name, e.g. `rate`; unique across signals. */
  readonly fn: string;
  /** `numeric`: a numeric `column` is required; `any`: a column of any type; `none`: no column. */
  readonly column: 'numeric' | 'any' | 'none';
  /** Whether a quantile `q` from 0 to 1 is required (else it is refused). */
  readonly quantile: boolean;
  /** Columns read beside `column`; the queried signal must know every one. */
  readonly reads: readonly string[];
  /** What the queried signal lacks when it does not know `reads`, e.g. `histogram bucket rows`. */
  readonly needs: string;
  /** Columns of a segment also read when present, e.g. what tells metric series apart. */
  readonly readsMatching?: (column: string) => boolean;
  /** Why a `column` is refused when `column` is `none`, e.g. `reads the bucket columns itself`. */
  readonly noColumnReason?: string;
  /** Output name when the query gives no `as`, e.g. `histogram_quantile(0.5)`, `rate(value)`. */
  outputName(column: string | undefined, q: number | undefined): string;
  create(q: number | undefined): AggregateState;
}
