import { BaseColumn, ResourceColumn, type ColumnIndexing } from '@prism/contract';
import { LogColumn } from './common/log-columns';

/** Dictionaries for services, scopes, severities and event names; Bloom filters and trace hints for the trace context logs carry. */
export const logsIndexing: ColumnIndexing = {
  dictionary: [ResourceColumn.serviceName, BaseColumn.scopeName, LogColumn.severityText, LogColumn.eventName],
  bloom: [BaseColumn.traceId, BaseColumn.spanId],
  traceIdColumn: BaseColumn.traceId,
};
