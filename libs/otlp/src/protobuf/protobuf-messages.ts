/**
 * Shapes of the messages protobufjs decodes from the OTLP definitions in ../proto (lowerCamelCase
 * fields). Absent scalars read their default from the prototype, absent messages and proto3
 * `optional` fields read null, and only the set member of a `oneof` is an own property.
 */

/** protobufjs's Long (64-bit integers); a plain number only if `long` is missing. */
export type PbInt64 = { low: number; high: number; unsigned: boolean } | number;

/** protobufjs returns an empty array for an absent `bytes` field. */
export type PbBytes = Uint8Array | number[];

export interface PbAnyValue {
  stringValue: string;
  boolValue: boolean;
  intValue: PbInt64;
  doubleValue: number;
  arrayValue: { values: PbAnyValue[] } | null;
  kvlistValue: { values: PbKeyValue[] } | null;
  bytesValue: PbBytes;
}

export interface PbKeyValue {
  key: string;
  value: PbAnyValue | null;
}

export interface PbResource {
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
}

export interface PbScope {
  name: string;
  version: string;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
}

export interface PbTraceRequest {
  resourceSpans: Array<{
    resource: PbResource | null;
    scopeSpans: Array<{ scope: PbScope | null; spans: PbSpan[]; schemaUrl: string }>;
    schemaUrl: string;
  }>;
}

export interface PbSpan {
  traceId: PbBytes;
  spanId: PbBytes;
  traceState: string;
  parentSpanId: PbBytes;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: PbInt64;
  endTimeUnixNano: PbInt64;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
  events: Array<{ timeUnixNano: PbInt64; name: string; attributes: PbKeyValue[]; droppedAttributesCount: number }>;
  droppedEventsCount: number;
  links: Array<{
    traceId: PbBytes;
    spanId: PbBytes;
    traceState: string;
    attributes: PbKeyValue[];
    droppedAttributesCount: number;
    flags: number;
  }>;
  droppedLinksCount: number;
  status: { message: string; code: number } | null;
}

export interface PbLogsRequest {
  resourceLogs: Array<{
    resource: PbResource | null;
    scopeLogs: Array<{ scope: PbScope | null; logRecords: PbLogRecord[]; schemaUrl: string }>;
    schemaUrl: string;
  }>;
}

export interface PbLogRecord {
  timeUnixNano: PbInt64;
  observedTimeUnixNano: PbInt64;
  severityNumber: number;
  severityText: string;
  body: PbAnyValue | null;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
  flags: number;
  traceId: PbBytes;
  spanId: PbBytes;
  eventName: string;
}

export interface PbMetricsRequest {
  resourceMetrics: Array<{
    resource: PbResource | null;
    scopeMetrics: Array<{ scope: PbScope | null; metrics: PbMetric[]; schemaUrl: string }>;
    schemaUrl: string;
  }>;
}

export interface PbMetric {
  name: string;
  description: string;
  unit: string;
  metadata: PbKeyValue[];
  gauge: { dataPoints: PbNumberDataPoint[] } | null;
  sum: { dataPoints: PbNumberDataPoint[]; aggregationTemporality: number; isMonotonic: boolean } | null;
  histogram: { dataPoints: PbHistogramDataPoint[]; aggregationTemporality: number } | null;
  exponentialHistogram: { dataPoints: PbExponentialHistogramDataPoint[]; aggregationTemporality: number } | null;
  summary: { dataPoints: PbSummaryDataPoint[] } | null;
}

interface PbPointBase {
  attributes: PbKeyValue[];
  startTimeUnixNano: PbInt64;
  timeUnixNano: PbInt64;
  flags: number;
}

export interface PbExemplar {
  filteredAttributes: PbKeyValue[];
  timeUnixNano: PbInt64;
  asDouble: number;
  asInt: PbInt64;
  spanId: PbBytes;
  traceId: PbBytes;
}

export interface PbNumberDataPoint extends PbPointBase {
  asDouble: number;
  asInt: PbInt64;
  exemplars: PbExemplar[];
}

export interface PbHistogramDataPoint extends PbPointBase {
  count: PbInt64;
  sum: number | null;
  bucketCounts: PbInt64[];
  explicitBounds: number[];
  exemplars: PbExemplar[];
  min: number | null;
  max: number | null;
}

export interface PbBuckets {
  offset: number;
  bucketCounts: PbInt64[];
}

export interface PbExponentialHistogramDataPoint extends PbPointBase {
  count: PbInt64;
  sum: number | null;
  scale: number;
  zeroCount: PbInt64;
  positive: PbBuckets | null;
  negative: PbBuckets | null;
  exemplars: PbExemplar[];
  min: number | null;
  max: number | null;
  zeroThreshold: number;
}

export interface PbSummaryDataPoint extends PbPointBase {
  count: PbInt64;
  sum: number;
  quantileValues: Array<{ quantile: number; value: number }>;
}
