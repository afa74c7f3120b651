import type { ValidationIssue } from '@prism/contract';
import type {
  Exemplar,
  ExponentialHistogramBuckets,
  ExponentialHistogramDataPoint,
  ExportMetricsServiceRequest,
  HistogramDataPoint,
  Metric,
  MetricData,
  NumberDataPoint,
  NumberValue,
  ResourceMetrics,
  ScopeMetrics,
  SummaryDataPoint,
} from '../model';
import { childPath } from '../shape-error';
import { readKeyValues, type DescentStep } from './json-common';
import {
  expectObject,
  fieldName,
  member,
  readArray,
  readBool,
  readDouble,
  readDoubleList,
  readHexId,
  readInt32,
  readInt64,
  readInt64List,
  readObject,
  readOptionalDouble,
  readString,
  type FieldName,
  type JsonObject,
} from './json-fields';
import { readRecordItems, walkResourceScopes, type JsonRecordReader, type JsonSignalLayout } from './json-walk';

const F = {
  resourceMetrics: fieldName('resourceMetrics'),
  scopeMetrics: fieldName('scopeMetrics'),
  metrics: fieldName('metrics'),
  name: fieldName('name'),
  description: fieldName('description'),
  unit: fieldName('unit'),
  metadata: fieldName('metadata'),
  dataPoints: fieldName('dataPoints'),
  aggregationTemporality: fieldName('aggregationTemporality'),
  isMonotonic: fieldName('isMonotonic'),
  attributes: fieldName('attributes'),
  startTimeUnixNano: fieldName('startTimeUnixNano'),
  timeUnixNano: fieldName('timeUnixNano'),
  asDouble: fieldName('asDouble'),
  asInt: fieldName('asInt'),
  exemplars: fieldName('exemplars'),
  flags: fieldName('flags'),
  count: fieldName('count'),
  sum: fieldName('sum'),
  bucketCounts: fieldName('bucketCounts'),
  explicitBounds: fieldName('explicitBounds'),
  min: fieldName('min'),
  max: fieldName('max'),
  scale: fieldName('scale'),
  zeroCount: fieldName('zeroCount'),
  positive: fieldName('positive'),
  negative: fieldName('negative'),
  offset: fieldName('offset'),
  zeroThreshold: fieldName('zeroThreshold'),
  quantileValues: fieldName('quantileValues'),
  quantile: fieldName('quantile'),
  value: fieldName('value'),
  filteredAttributes: fieldName('filteredAttributes'),
  spanId: fieldName('spanId'),
  traceId: fieldName('traceId'),
};

const DATA_KINDS = {
  gauge: fieldName('gauge'),
  sum: fieldName('sum'),
  histogram: fieldName('histogram'),
  exponentialHistogram: fieldName('exponentialHistogram'),
  summary: fieldName('summary'),
} as const;
type DataKind = keyof typeof DATA_KINDS;
const DATA_KIND_NAMES = Object.keys(DATA_KINDS) as DataKind[];

/** The `oneof data` member set on a metric, if any (the first in field order wins). */
function dataKindOf(metric: JsonObject): DataKind | undefined {
  return DATA_KIND_NAMES.find((kind) => member(metric, DATA_KINDS[kind]) !== undefined);
}

const toDataPoints: DescentStep[] = [
  (metric) => {
    const kind = dataKindOf(metric);
    return kind === undefined ? undefined : DATA_KINDS[kind];
  },
  () => F.dataPoints,
];

const LAYOUT: JsonSignalLayout<Metric, ScopeMetrics, ResourceMetrics> = {
  resources: F.resourceMetrics,
  scopes: F.scopeMetrics,
  records: F.metrics,
  rowSteps: toDataPoints,
  readRecord: readMetric,
  scopeGroup: (scope, metrics, schemaUrl) => ({ scope, metrics, schemaUrl }),
  resourceGroup: (resource, scopeMetrics, schemaUrl) => ({ resource, scopeMetrics, schemaUrl }),
};

/**
 * An ExportMetricsServiceRequest from parsed OTLP JSON. A data point with a malformed field is
 * dropped with an issue; a malformed resource, scope or metric drops the data points under it.
 * Throws ShapeError only when `resourceMetrics` itself is not an array.
 */
export function metricsFromJson(root: JsonObject, issues: ValidationIssue[]): ExportMetricsServiceRequest {
  return { resourceMetrics: walkResourceScopes(root, LAYOUT, issues) };
}

/** A metric; its malformed data points are dropped with issues, other faults throw ShapeError. */
function readMetric(object: JsonObject, path: string, issues: ValidationIssue[]): Metric {
  return {
    name: readString(object, F.name, path),
    description: readString(object, F.description, path),
    unit: readString(object, F.unit, path),
    metadata: readKeyValues(object, F.metadata, path),
    data: readMetricData(object, path, issues),
  };
}

function readMetricData(metric: JsonObject, path: string, issues: ValidationIssue[]): MetricData | undefined {
  const kind = dataKindOf(metric);
  if (kind === undefined) return undefined;
  const object = readObject(metric, DATA_KINDS[kind], path) as JsonObject;
  const dataPath = childPath(path, DATA_KINDS[kind].json);
  const temporality = (): number => readInt32(object, F.aggregationTemporality, dataPath, false);
  switch (kind) {
    case 'gauge':
      return { kind, dataPoints: readPoints(object, dataPath, issues, readNumberPoint) };
    case 'sum':
      return {
        kind,
        aggregationTemporality: temporality(),
        isMonotonic: readBool(object, F.isMonotonic, dataPath),
        dataPoints: readPoints(object, dataPath, issues, readNumberPoint),
      };
    case 'histogram':
      return { kind, aggregationTemporality: temporality(), dataPoints: readPoints(object, dataPath, issues, readHistogramPoint) };
    case 'exponentialHistogram':
      return {
        kind,
        aggregationTemporality: temporality(),
        dataPoints: readPoints(object, dataPath, issues, readExponentialPoint),
      };
    case 'summary':
      return { kind, dataPoints: readPoints(object, dataPath, issues, readSummaryPoint) };
  }
}

/** Reads each data point, dropping the malformed ones with an issue. */
function readPoints<T>(data: JsonObject, path: string, issues: ValidationIssue[], readPoint: JsonRecordReader<T>): T[] {
  const items = readArray(data, F.dataPoints, path);
  return readRecordItems(items, childPath(path, F.dataPoints.json), readPoint, [], issues);
}

function readNumberValue(object: JsonObject, path: string): NumberValue | undefined {
  if (member(object, F.asDouble) !== undefined) return { kind: 'double', value: readDouble(object, F.asDouble, path) };
  if (member(object, F.asInt) !== undefined) return { kind: 'int', value: readInt64(object, F.asInt, path, false) };
  return undefined;
}

function readNumberPoint(object: JsonObject, path: string): NumberDataPoint {
  return {
    attributes: readKeyValues(object, F.attributes, path),
    startTimeUnixNano: readInt64(object, F.startTimeUnixNano, path, true),
    timeUnixNano: readInt64(object, F.timeUnixNano, path, true),
    value: readNumberValue(object, path),
    exemplars: readExemplars(object, path),
    flags: readInt32(object, F.flags, path, true),
  };
}

/** The fields a histogram and an exponential histogram point begin with, read in field order. */
function readHistogramHead(object: JsonObject, path: string) {
  return {
    attributes: readKeyValues(object, F.attributes, path),
    startTimeUnixNano: readInt64(object, F.startTimeUnixNano, path, true),
    timeUnixNano: readInt64(object, F.timeUnixNano, path, true),
    count: readInt64(object, F.count, path, true),
    sum: readOptionalDouble(object, F.sum, path),
  };
}

function readHistogramPoint(object: JsonObject, path: string): HistogramDataPoint {
  return {
    ...readHistogramHead(object, path),
    bucketCounts: readInt64List(object, F.bucketCounts, path, true),
    explicitBounds: readDoubleList(object, F.explicitBounds, path),
    exemplars: readExemplars(object, path),
    flags: readInt32(object, F.flags, path, true),
    min: readOptionalDouble(object, F.min, path),
    max: readOptionalDouble(object, F.max, path),
  };
}

function readBuckets(point: JsonObject, field: FieldName, path: string): ExponentialHistogramBuckets | undefined {
  const object = readObject(point, field, path);
  if (object === undefined) return undefined;
  const bucketsPath = childPath(path, field.json);
  return {
    offset: readInt32(object, F.offset, bucketsPath, false),
    bucketCounts: readInt64List(object, F.bucketCounts, bucketsPath, true),
  };
}

function readExponentialPoint(object: JsonObject, path: string): ExponentialHistogramDataPoint {
  return {
    ...readHistogramHead(object, path),
    scale: readInt32(object, F.scale, path, false),
    zeroCount: readInt64(object, F.zeroCount, path, true),
    positive: readBuckets(object, F.positive, path),
    negative: readBuckets(object, F.negative, path),
    flags: readInt32(object, F.flags, path, true),
    exemplars: readExemplars(object, path),
    min: readOptionalDouble(object, F.min, path),
    max: readOptionalDouble(object, F.max, path),
    zeroThreshold: readDouble(object, F.zeroThreshold, path),
  };
}

function readSummaryPoint(object: JsonObject, path: string): SummaryDataPoint {
  const items = readArray(object, F.quantileValues, path);
  const listPath = childPath(path, F.quantileValues.json);
  const quantileValues = items.map((item, i) => {
    const quantile = expectObject(item, listPath, i);
    const quantilePath = childPath(listPath, i);
    return { quantile: readDouble(quantile, F.quantile, quantilePath), value: readDouble(quantile, F.value, quantilePath) };
  });
  return {
    attributes: readKeyValues(object, F.attributes, path),
    startTimeUnixNano: readInt64(object, F.startTimeUnixNano, path, true),
    timeUnixNano: readInt64(object, F.timeUnixNano, path, true),
    count: readInt64(object, F.count, path, true),
    sum: readDouble(object, F.sum, path),
    quantileValues,
    flags: readInt32(object, F.flags, path, true),
  };
}

function readExemplars(point: JsonObject, path: string): Exemplar[] {
  const items = readArray(point, F.exemplars, path);
  if (items.length === 0) return [];
  const listPath = childPath(path, F.exemplars.json);
  return items.map((item, i) => {
    const object = expectObject(item, listPath, i);
    const exemplarPath = childPath(listPath, i);
    return {
      filteredAttributes: readKeyValues(object, F.filteredAttributes, exemplarPath),
      timeUnixNano: readInt64(object, F.timeUnixNano, exemplarPath, true),
      value: readNumberValue(object, exemplarPath),
      spanId: readHexId(object, F.spanId, exemplarPath),
      traceId: readHexId(object, F.traceId, exemplarPath),
    };
  });
}
