export { BaseColumn, ColumnPrefix, TYPE_VARIANT_SEPARATOR, attributeColumn } from './column-names';
export type { BaseColumnName } from './column-names';
export { COLUMN_TYPE_METADATA_KEY, arrowTypeOf } from './column-types';
export type { ColumnType, TypedValue } from './column-types';
export { RowBatchBuilder, defaultRowBatchBuilderOptions, writeTypedValue } from './row-batch-builder';
export type { ColumnWriter, RowBatch, RowBatchBuilderOptions } from './row-batch-builder';
export { rowsOf } from './row-values';
export type { RowValue } from './row-values';
export { DecodeError, summarizeIssues } from './validation';
export type { DecodeResult, ValidationIssue } from './validation';
export { ContentType, decodeAndEventize } from './signal';
export type {
  ColumnIndexing,
  EventizeContext,
  EventizeResult,
  ExportPartialSuccess,
  IngestFormat,
  OutputFormat,
  Signal,
  SignalQueryHooks,
} from './signal';
