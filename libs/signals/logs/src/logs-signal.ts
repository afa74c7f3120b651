import { BaseColumn, ContentType, type Signal } from '@prism/contract';
import { decodeLogsRequest, encodeLogsResponse, type ExportLogsServiceRequest } from '@prism/otlp';
import { LOG_ATTRIBUTE_PREFIX, LOG_SIGNAL_TYPE, LogColumn } from './common/log-columns';
import { DEFAULT_LOGS_DATASET, eventizeLogs } from './otlp/logs-eventizer';

const SERVICE_NAME_COLUMN = 'resource.service.name';

/** The logs plug-in: OTLP/HTTP `/v1/logs` in protobuf or JSON, one row per log record. */
export const logsSignal: Signal<ExportLogsServiceRequest> = {
  name: 'logs',
  signalType: LOG_SIGNAL_TYPE,
  defaultDataset: DEFAULT_LOGS_DATASET,
  attributePrefix: LOG_ATTRIBUTE_PREFIX,
  otlpPath: '/v1/logs',
  contentTypes: [ContentType.protobuf, ContentType.json],
  decode: decodeLogsRequest,
  eventize: eventizeLogs,
  encodeExportResponse: (partialSuccess, contentType) =>
    encodeLogsResponse(partialSuccess, contentType === ContentType.json ? ContentType.json : ContentType.protobuf),
  extraFormats: [],
  indexing: {
    dictionary: [SERVICE_NAME_COLUMN, BaseColumn.scopeName, LogColumn.severityText, LogColumn.eventName],
    bloom: [BaseColumn.traceId, BaseColumn.spanId],
  },
  query: {
    columnAliases: {
      service: SERVICE_NAME_COLUMN,
      severity: LogColumn.severityText,
      level: LogColumn.severityText,
      message: LogColumn.body,
      event: LogColumn.eventName,
    },
    defaultColumns: [BaseColumn.timestamp, SERVICE_NAME_COLUMN, LogColumn.severityText, LogColumn.body, BaseColumn.traceId],
    knownColumns: {
      [BaseColumn.tenantId]: 'string',
      [BaseColumn.dataset]: 'string',
      [BaseColumn.signalType]: 'string',
      [BaseColumn.timestamp]: 'int64',
      [BaseColumn.ingestTs]: 'int64',
      [BaseColumn.traceId]: 'bytes',
      [BaseColumn.spanId]: 'bytes',
      [BaseColumn.traceFlags]: 'int64',
      [BaseColumn.scopeName]: 'string',
      [BaseColumn.scopeVersion]: 'string',
      [LogColumn.observedTimestamp]: 'int64',
      [LogColumn.body]: 'string',
      [LogColumn.severityNumber]: 'int64',
      [LogColumn.severityText]: 'string',
      [LogColumn.eventName]: 'string',
      [LogColumn.droppedAttributesCount]: 'int64',
    },
  },
};
