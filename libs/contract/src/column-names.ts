/**
 * Names of the unified row model that appear on disk and in the catalog. Every other module takes
 * them from here, so a rename happens in one place.
 */

/** Columns every row carries, whatever its signal. */
export const BaseColumn = {
  tenantId: 'tenant_id',
  dataset: 'dataset',
  signalType: 'signal_type',
  timestamp: 'timestamp',
  ingestTs: 'ingest_ts',
  traceId: 'trace_id',
  spanId: 'span_id',
  traceState: 'trace_state',
  traceFlags: 'trace_flags',
  scopeName: 'scope.name',
  scopeVersion: 'scope.version',
} as const;

export type BaseColumnName = (typeof BaseColumn)[keyof typeof BaseColumn];

/** Prefixes of the columns created on first sight. */
export const ColumnPrefix = {
  resource: 'resource.',
  scope: 'scope.',
  baggage: 'ctx.baggage.',
  span: 'span.attr.',
  log: 'log.attr.',
  metric: 'metric.attr.',
} as const;

/** Resource attribute columns every signal reads the same way. */
export const ResourceColumn = {
  /** `resource.service.name`: the service that sent the record. */
  serviceName: 'resource.service.name',
} as const;

/**
 * When one attribute key arrives with two value types (an int here, a string there), the first type
 * seen keeps the plain column name and the other type goes to `<name>#<type>`, so no value is
 * coerced or lost.
 */
export const TYPE_VARIANT_SEPARATOR = '#';

/** The column that holds `key` under `prefix`, e.g. `attributeColumn('span.attr.', 'http.method')`. */
export function attributeColumn(prefix: string, key: string): string {
  return prefix + key;
}
