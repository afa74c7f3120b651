import { ContentType, type SignalIngest } from '@prism/contract';
import { decodeMetricsRequest, encodeMetricsResponse, type ExportMetricsServiceRequest } from '@prism/otlp';
import { eventizeMetricsDirect } from './otlp/eventize-metrics-direct';
import { eventizeMetrics } from './otlp/metrics-eventizer';

/** OTLP/HTTP `/v1/metrics` in protobuf or JSON (single-pass for protobuf). */
export const metricsIngest: SignalIngest<ExportMetricsServiceRequest> = {
  otlpPath: '/v1/metrics',
  contentTypes: [ContentType.protobuf, ContentType.json],
  decode: decodeMetricsRequest,
  eventize: eventizeMetrics,
  eventizeDirect: eventizeMetricsDirect,
  encodeExportResponse: (partialSuccess, contentType) =>
    encodeMetricsResponse(partialSuccess, contentType === ContentType.json ? ContentType.json : ContentType.protobuf),
  extraFormats: [],
};
