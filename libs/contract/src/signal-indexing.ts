/**
 * Which of a signal's columns deserve which indexes in storage. The hot store and the
 * parquetizer take it per dataset from the signal that owns the rows, so storage itself names no
 * signal column.
 */
export interface ColumnIndexing {
  /** Low-cardinality columns to dictionary-encode, e.g. service names. */
  readonly dictionary: readonly string[];
  /** High-cardinality columns to keep a Bloom filter for, e.g. `trace_id`. */
  readonly bloom: readonly string[];
  /**
   * The column of trace ids (16 bytes) whose distinct values the catalog records as trace hints
   * (trace id → segments), so a trace lookup opens only the segments that hold it. Absent when the
   * signal's rows carry no trace ids of their own.
   */
  readonly traceIdColumn?: string;
}

/** No dictionaries, no Bloom filters, no trace hints: indexing for rows no signal claims. */
export function noColumnIndexing(): ColumnIndexing {
  return { dictionary: [], bloom: [] };
}
