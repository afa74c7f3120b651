import { BaseColumn, ContentType, type ColumnType, type Signal } from '@prism/contract';
import { decodeTracesRequest, encodeTracesResponse, type ExportTraceServiceRequest } from '@prism/otlp';
import { DEFAULT_SPANS_DATASET, SERVICE_NAME_COLUMN, SPAN_ATTRIBUTE_PREFIX, SpanColumn, SpanSignalType } from './common/span-columns';
import { eventizeTracesDirect } from './otlp/eventize-traces-direct';
import { eventizeTraces } from './otlp/traces-eventizer';
import { zipkinFormat } from './zipkin/zipkin-format';
import { zipkinOutputFormat } from './zipkin/zipkin-output-format';

/** Types of the columns every span row may carry, for checking query filters before reading data. */
const knownColumns: Readonly<Record<string, ColumnType>> = {
  [BaseColumn.tenantId]: 'string',
  [BaseColumn.dataset]: 'string',
  [BaseColumn.signalType]: 'string',
  [BaseColumn.timestamp]: 'int64',
  [BaseColumn.ingestTs]: 'int64',
  [BaseColumn.traceId]: 'bytes',
  [BaseColumn.spanId]: 'bytes',
  [BaseColumn.traceState]: 'string',
  [BaseColumn.traceFlags]: 'int64',
  [BaseColumn.scopeName]: 'string',
  [BaseColumn.scopeVersion]: 'string',
  [SERVICE_NAME_COLUMN]: 'string',
  [SpanColumn.parentSpanId]: 'bytes',
  [SpanColumn.name]: 'string',
  [SpanColumn.kind]: 'int64',
  [SpanColumn.endTimestamp]: 'int64',
  [SpanColumn.duration]: 'int64',
  [SpanColumn.statusCode]: 'int64',
  [SpanColumn.statusMessage]: 'string',
  [SpanColumn.flags]: 'int64',
  [SpanColumn.links]: 'json',
  [SpanColumn.droppedAttributesCount]: 'int64',
  [SpanColumn.droppedEventsCount]: 'int64',
  [SpanColumn.droppedLinksCount]: 'int64',
  [SpanColumn.localEndpointIpv4]: 'string',
  [SpanColumn.localEndpointIpv6]: 'string',
  [SpanColumn.localEndpointPort]: 'int64',
  [SpanColumn.remoteEndpointServiceName]: 'string',
  [SpanColumn.remoteEndpointIpv4]: 'string',
  [SpanColumn.remoteEndpointIpv6]: 'string',
  [SpanColumn.remoteEndpointPort]: 'int64',
  [SpanColumn.debug]: 'bool',
  [SpanColumn.shared]: 'bool',
  [SpanColumn.traceId64Bit]: 'bool',
  [SpanColumn.timestampInferred]: 'bool',
};

/**
 * The spans signal plug-in: OTLP traces at `/v1/traces` and Zipkin v2 spans at `/api/v2/spans`,
 * eventized into one `span` row per span and one `span_event` row per event or annotation.
 *
 * @example
 * const decoded = spansSignal.decode(body, 'application/x-protobuf');
 * if (decoded.ok) spansSignal.eventize(decoded.value, { tenantId: 't1', ingestTs });
 */
export const spansSignal: Signal<ExportTraceServiceRequest> = {
  name: 'spans',
  signalType: SpanSignalType.span,
  defaultDataset: DEFAULT_SPANS_DATASET,
  attributePrefix: SPAN_ATTRIBUTE_PREFIX,
  otlpPath: '/v1/traces',
  contentTypes: [ContentType.protobuf, ContentType.json],
  decode: decodeTracesRequest,
  eventize: eventizeTraces,
  eventizeDirect: eventizeTracesDirect,
  encodeExportResponse: (partialSuccess, contentType) =>
    encodeTracesResponse(partialSuccess, contentType === ContentType.json ? ContentType.json : ContentType.protobuf),
  extraFormats: [zipkinFormat],
  outputFormats: [zipkinOutputFormat],
  indexing: {
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
  },
  query: {
    columnAliases: {
      service: SERVICE_NAME_COLUMN,
      serviceName: SERVICE_NAME_COLUMN,
      operation: SpanColumn.name,
      spanName: SpanColumn.name,
      duration: SpanColumn.duration,
      status: SpanColumn.statusCode,
      traceId: BaseColumn.traceId,
      spanId: BaseColumn.spanId,
      parentId: SpanColumn.parentSpanId,
      remoteService: SpanColumn.remoteEndpointServiceName,
    },
    defaultColumns: [
      BaseColumn.timestamp,
      BaseColumn.traceId,
      BaseColumn.spanId,
      SpanColumn.parentSpanId,
      SERVICE_NAME_COLUMN,
      SpanColumn.name,
      SpanColumn.kind,
      SpanColumn.duration,
      SpanColumn.statusCode,
    ],
    knownColumns,
  },
};
