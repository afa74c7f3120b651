import type { ColumnType } from './column-types';
import type { RowBatch } from './row-batch-builder';
import type { SignalAggregate } from './signal-aggregates';
import type { SignalQueryRoute } from './signal-query-routes';

/** A rendering of this signal's rows for a query API, e.g. Zipkin v2 JSON spans. */
export interface OutputFormat {
  /** Format name the query layer asks for, e.g. `zipkin-v2`. */
  name: string;
  /** Renders the rows of one batch (records and their related rows, e.g. span events). */
  render(batch: RowBatch): unknown[];
}

/** What query needs to know of a signal: friendly names for columns, the default projection, renderings, its own routes and aggregates. */
export interface SignalQueryHooks {
  /** Short names users may write for columns, e.g. `service` → `resource.service.name`. */
  readonly columnAliases: Readonly<Record<string, string>>;
  /** Columns returned when a query names none. */
  readonly defaultColumns: readonly string[];
  /** Known column types, for validating filters before any data is read. */
  readonly knownColumns: Readonly<Record<string, ColumnType>>;
  /** Renderings of rows for query APIs; absent when the signal has none. */
  readonly outputFormats?: readonly OutputFormat[];
  /** HTTP routes this signal adds to the query service (e.g. the Zipkin v2 API); none when absent. */
  readonly routes?: readonly SignalQueryRoute[];
  /** Aggregate functions this signal adds to the query DSL (e.g. `rate`); none when absent. */
  readonly aggregates?: readonly SignalAggregate[];
}
