import { BaseColumn, ResourceColumn } from './column-names';
import type { ColumnType } from './column-types';

/** Types of the base columns every row carries, whatever its signal (row stamp, time, scope, service). */
const COMMON_COLUMN_TYPES: Readonly<Record<string, ColumnType>> = {
  [BaseColumn.tenantId]: 'string',
  [BaseColumn.dataset]: 'string',
  [BaseColumn.signalType]: 'string',
  [BaseColumn.timestamp]: 'int64',
  [BaseColumn.ingestTs]: 'int64',
  [BaseColumn.scopeName]: 'string',
  [BaseColumn.scopeVersion]: 'string',
  [ResourceColumn.serviceName]: 'string',
};

/** Types of the W3C trace context columns, for signals whose rows carry it (spans, logs). */
const TRACE_CONTEXT_COLUMN_TYPES: Readonly<Record<string, ColumnType>> = {
  [BaseColumn.traceId]: 'bytes',
  [BaseColumn.spanId]: 'bytes',
  [BaseColumn.traceState]: 'string',
  [BaseColumn.traceFlags]: 'int64',
};

/** Which base columns a signal's rows carry beyond the common ones. */
export interface BaseKnownColumnsOptions {
  /** `trace_id`, `span_id`, `trace_state`, `trace_flags`. */
  traceContext: boolean;
}

/**
 * Known column types of the unified row model's base columns, for a signal's
 * `query.knownColumns`; the signal adds its own columns beside them.
 *
 * @example knownColumns: { ...baseKnownColumns({ traceContext: true }), [LogColumn.body]: 'string' }
 */
export function baseKnownColumns(options: BaseKnownColumnsOptions): Record<string, ColumnType> {
  return options.traceContext ? { ...COMMON_COLUMN_TYPES, ...TRACE_CONTEXT_COLUMN_TYPES } : { ...COMMON_COLUMN_TYPES };
}
