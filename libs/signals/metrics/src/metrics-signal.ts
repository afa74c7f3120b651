import { BaseColumn, ContentType, type Signal } from '@prism/contract';
import { decodeMetricsRequest, encodeMetricsResponse, type ExportMetricsServiceRequest } from '@prism/otlp';
import { METRIC_ATTRIBUTE_PREFIX, METRIC_SIGNAL_TYPE, MetricColumn } from './common/metric-columns';
import { DEFAULT_METRICS_DATASET, eventizeMetrics } from './otlp/metrics-eventizer';

const SERVICE_NAME_COLUMN = 'resource.service.name';

/** The metrics plug-in: OTLP/HTTP `/v1/metrics` in protobuf or JSON, rows per data point. */
export const metricsSignal: Signal<ExportMetricsServiceRequest> = {
  name: 'metrics',
  signalType: METRIC_SIGNAL_TYPE,
  defaultDataset: DEFAULT_METRICS_DATASET,
  attributePrefix: METRIC_ATTRIBUTE_PREFIX,
  otlpPath: '/v1/metrics',
  contentTypes: [ContentType.protobuf, ContentType.json],
  decode: decodeMetricsRequest,
  eventize: eventizeMetrics,
  encodeExportResponse: (partialSuccess, contentType) =>
    encodeMetricsResponse(partialSuccess, contentType === ContentType.json ? ContentType.json : ContentType.protobuf),
  extraFormats: [],
  indexing: {
    dictionary: [
      SERVICE_NAME_COLUMN,
      BaseColumn.scopeName,
      MetricColumn.name,
      MetricColumn.unit,
      MetricColumn.type,
      MetricColumn.temporality,
      MetricColumn.row,
    ],
    // Metric rows carry no trace ids of their own (exemplars keep theirs inside JSON).
    bloom: [],
  },
  query: {
    columnAliases: { service: SERVICE_NAME_COLUMN, metric: MetricColumn.name, name: MetricColumn.name, type: MetricColumn.type },
    defaultColumns: [BaseColumn.timestamp, SERVICE_NAME_COLUMN, MetricColumn.name, MetricColumn.row, MetricColumn.value, MetricColumn.valueInt],
    knownColumns: {
      [BaseColumn.tenantId]: 'string',
      [BaseColumn.dataset]: 'string',
      [BaseColumn.signalType]: 'string',
      [BaseColumn.timestamp]: 'int64',
      [BaseColumn.ingestTs]: 'int64',
      [BaseColumn.scopeName]: 'string',
      [BaseColumn.scopeVersion]: 'string',
      [MetricColumn.name]: 'string',
      [MetricColumn.unit]: 'string',
      [MetricColumn.description]: 'string',
      [MetricColumn.type]: 'string',
      [MetricColumn.temporality]: 'string',
      [MetricColumn.monotonic]: 'bool',
      [MetricColumn.row]: 'string',
      [MetricColumn.startTimestamp]: 'int64',
      [MetricColumn.value]: 'double',
      [MetricColumn.valueInt]: 'int64',
      [MetricColumn.flags]: 'int64',
      [MetricColumn.bucketLower]: 'double',
      [MetricColumn.bucketUpper]: 'double',
      [MetricColumn.bucketCount]: 'int64',
      [MetricColumn.bucketIndex]: 'int64',
      [MetricColumn.scale]: 'int64',
      [MetricColumn.quantile]: 'double',
      [MetricColumn.exemplars]: 'json',
    },
  },
};
