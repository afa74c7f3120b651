/**
 * Who a signal is: the names it is found by and writes into every row. Every other part of a
 * signal (ingest, indexing, query) is looked up through these.
 */
export interface SignalIdentity {
  /** Plug-in name, e.g. `spans`. */
  readonly name: string;
  /** Value of the `signal_type` column, e.g. `span`. */
  readonly signalType: string;
  /** Dataset rows go to when the request names none. */
  readonly defaultDataset: string;
  /** Column prefix of this signal's own attributes, e.g. `span.attr.`. */
  readonly attributePrefix: string;
}
