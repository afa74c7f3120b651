import { ColumnPrefix, TYPE_VARIANT_SEPARATOR } from '@prism/contract';

/** Dataset of log rows when the context names none. */
export const DEFAULT_LOGS_DATASET = 'logs';

/** Value of the `signal_type` column for log rows. */
export const LOG_SIGNAL_TYPE = 'log';

/** Columns only log rows carry; the shared ones are `BaseColumn` in @prism/contract. */
export const LogColumn = {
  observedTimestamp: 'observed_timestamp',
  /** String bodies; other body types go to `body#<type>` (see {@link bodyColumnFor}). */
  body: 'body',
  severityNumber: 'severity_number',
  severityText: 'severity_text',
  eventName: 'event_name',
  droppedAttributesCount: 'dropped_attributes_count',
} as const;

export type LogColumnName = (typeof LogColumn)[keyof typeof LogColumn];

/** Prefix of log record attribute columns. */
export const LOG_ATTRIBUTE_PREFIX = ColumnPrefix.log;

/**
 * Body columns by value type. A string body (the common case) keeps the plain `body` column; any
 * other type always goes to its `body#<type>` variant, whatever the batch saw first, so `body` is a
 * string column in every segment and the variant names follow the contract's type-variant rule.
 */
export const LogBodyColumn = {
  string: LogColumn.body,
  int64: LogColumn.body + TYPE_VARIANT_SEPARATOR + 'int64',
  double: LogColumn.body + TYPE_VARIANT_SEPARATOR + 'double',
  bool: LogColumn.body + TYPE_VARIANT_SEPARATOR + 'bool',
  bytes: LogColumn.body + TYPE_VARIANT_SEPARATOR + 'bytes',
  json: LogColumn.body + TYPE_VARIANT_SEPARATOR + 'json',
} as const;
