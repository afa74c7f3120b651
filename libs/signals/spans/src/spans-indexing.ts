import { BaseColumn, type ColumnIndexing } from '@prism/contract';
import { SERVICE_NAME_COLUMN, SpanColumn } from './common/span-columns';

/** Dictionaries for the columns spans are searched by, Bloom filters for their ids, trace hints from `trace_id`. */
export const spansIndexing: ColumnIndexing = {
  dictionary: [
    SERVICE_NAME_COLUMN,
    SpanColumn.name,
    SpanColumn.kind,
    SpanColumn.statusCode,
    BaseColumn.signalType,
    BaseColumn.scopeName,
    SpanColumn.remoteEndpointServiceName,
  ],
  bloom: [BaseColumn.traceId, BaseColumn.spanId, SpanColumn.parentSpanId],
  traceIdColumn: BaseColumn.traceId,
};
