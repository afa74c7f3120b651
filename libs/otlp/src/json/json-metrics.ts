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
import { asShapeError, readKeyValues, readResource, readScope, recordPathsUnder, rejectContainer, type DescentStep } from './json-common';
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

const F = {
  resourceMetrics: fieldName('resourceMetrics'),
  scopeMetrics: fieldName('scopeMetrics'),
  metrics: fieldName('metrics'),
  schemaUrl: fieldName('schemaUrl'),
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

/**
 * An ExportMetricsServiceRequest from parsed OTLP JSON. A data point with a malformed field is
 * dropped with an issue; a malformed resource, scope or metric drops the data points under it.
 * Throws ShapeError only when `resourceMetrics` itself is not an array.
 */
export function metricsFromJson(root: JsonObject, issues: ValidationIssue[]): ExportMetricsServiceRequest {
  const items = readArray(root, F.resourceMetrics, '');
  const resourceMetrics: ResourceMetrics[] = [];
  for (let r = 0; r < items.length; r++) {
    const path = childPath(F.resourceMetrics.json, r);
    try {
      const item = expectObject(items[r], F.resourceMetrics.json, r);
      const resource = readResource(item, path);
      const schemaUrl = readString(item, F.schemaUrl, path);
      const scopeItems = readArray(item, F.scopeMetrics, path);
      const scopeMetrics: ScopeMetrics[] = [];
      for (let s = 0; s < scopeItems.length; s++) {
        const scope = readScopeMetrics(scopeItems[s], childPath(path, F.scopeMetrics.json), s, issues);
        if (scope !== undefined) scopeMetrics.push(scope);
      }
      resourceMetrics.push({ resource, scopeMetrics, schemaUrl });
    } catch (error) {
      const steps = [() => F.scopeMetrics, () => F.metrics, ...toDataPoints];
      rejectContainer(issues, asShapeError(error), recordPathsUnder(items[r], path, steps));
    }
  }
  return { resourceMetrics };
}

function readScopeMetrics(raw: unknown, listPath: string, index: number, issues: ValidationIssue[]): ScopeMetrics | undefined {
  const path = childPath(listPath, index);
  let metricItems: readonly unknown[];
  let scopeMetrics: ScopeMetrics;
  try {
    const object = expectObject(raw, listPath, index);
    scopeMetrics = { scope: readScope(object, path), metrics: [], schemaUrl: readString(object, F.schemaUrl, path) };
    metricItems = readArray(object, F.metrics, path);
  } catch (error) {
    rejectContainer(issues, asShapeError(error), recordPathsUnder(raw, path, [() => F.metrics, ...toDataPoints]));
    return undefined;
  }
  const metricsPath = childPath(path, F.metrics.json);
  for (let i = 0; i < metricItems.length; i++) {
    const metricPath = childPath(metricsPath, i);
    try {
      const object = expectObject(metricItems[i], metricsPath, i);
      scopeMetrics.metrics.push(readMetric(object, metricPath, issues));
    } catch (error) {
      rejectContainer(issues, asShapeError(error), recordPathsUnder(metricItems[i], metricPath, toDataPoints));
    }
  }
  return scopeMetrics;
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
function readPoints<T>(
  data: JsonObject,
  path: string,
  issues: ValidationIssue[],
  readPoint: (object: JsonObject, path: string) => T,
): T[] {
  const items = readArray(data, F.dataPoints, path);
  const listPath = childPath(path, F.dataPoints.json);
  const points: T[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      points.push(readPoint(expectObject(items[i], listPath, i), childPath(listPath, i)));
    } catch (error) {
      const shape = asShapeError(error);
      issues.push({ path: shape.path, message: shape.reason });
    }
  }
  return points;
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

function readHistogramPoint(object: JsonObject, path: string): HistogramDataPoint {
  return {
    attributes: readKeyValues(object, F.attributes, path),
    startTimeUnixNano: readInt64(object, F.startTimeUnixNano, path, true),
    timeUnixNano: readInt64(object, F.timeUnixNano, path, true),
    count: readInt64(object, F.count, path, true),
    sum: readOptionalDouble(object, F.sum, path),
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
    attributes: readKeyValues(object, F.attributes, path),
    startTimeUnixNano: readInt64(object, F.startTimeUnixNano, path, true),
    timeUnixNano: readInt64(object, F.timeUnixNano, path, true),
    count: readInt64(object, F.count, path, true),
    sum: readOptionalDouble(object, F.sum, path),
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
