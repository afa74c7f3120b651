export { decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest } from './decode-requests';
export { encodeLogsResponse, encodeMetricsResponse, encodeStatus, encodeTracesResponse } from './encode-responses';
export type { PartialSuccess, RpcStatus, StatusDetail } from './encode-responses';
export { parseContentType } from './content-type';
export { anyValueToJson, anyValueToTyped } from './any-value';
export { AttributeColumnNames, attributeCells, writeAnyValue, writeAttributes, writeCells } from './attribute-cells';
export type { AttributeCell } from './attribute-cells';
export { resourceCells, scopeCells } from './scope-cells';
export { checkOptionalId, isIdPresent } from './trace-context';
export { EMPTY_BYTES, SPAN_ID_BYTES, TRACE_ID_BYTES, bytesToHex, checkId, hexToBytes, isAllZero } from './ids';
export { MAX_ANY_VALUE_DEPTH } from './shape-error';
export type {
  AggregationTemporality,
  AnyValue,
  Exemplar,
  ExponentialHistogramBuckets,
  ExponentialHistogramDataPoint,
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
  HistogramDataPoint,
  InstrumentationScope,
  KeyValue,
  LogRecord,
  Metric,
  MetricData,
  NumberDataPoint,
  NumberValue,
  Resource,
  ResourceLogs,
  ResourceMetrics,
  ResourceSpans,
  ScopeLogs,
  ScopeMetrics,
  ScopeSpans,
  Span,
  SpanEvent,
  SpanLink,
  Status,
  SummaryDataPoint,
  ValueAtQuantile,
} from './model';
export { DeclineDirect, WireReader, WireType, signedBigInt, unsignedBigInt } from './wire/wire-reader';
export type { Int64Words } from './wire/wire-reader';
export { WireAttributeWriter } from './wire/wire-attributes';
export {
  MAX_DIRECT_ANY_VALUE_DEPTH,
  readAnyValue,
  readKeyValue,
  fieldMask,
  readNestedKeyValue,
  readResource,
  readScope,
  skipUndefinedField,
  skipUnknown,
} from './wire/wire-model';
export { SharedCells, walkScopedRecords } from './wire/wire-scopes';
export { eventizeProtobufDirect } from './wire/direct-eventize';
