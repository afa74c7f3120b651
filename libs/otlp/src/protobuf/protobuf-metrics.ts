import type { ValidationIssue } from '@prism/contract';
import type {
  Exemplar,
  ExponentialHistogramBuckets,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  NumberDataPoint,
  SummaryDataPoint,
  ExportMetricsServiceRequest,
  Metric,
  MetricData,
  ResourceMetrics,
  ScopeMetrics,
} from '../model';
import { convertContainer, convertKeyValues, convertNumberValue, convertRecords, indexedPaths, toBigInt, toBigIntList, toBytes } from './protobuf-common';
import type {
  PbBuckets,
  PbExemplar,
  PbExponentialHistogramDataPoint,
  PbHistogramDataPoint,
  PbMetric,
  PbMetricsRequest,
  PbNumberDataPoint,
  PbSummaryDataPoint,
} from './protobuf-messages';
import { walkResourceScopes, type PbSignalLayout } from './protobuf-walk';

type PbResourceMetrics = PbMetricsRequest['resourceMetrics'][number];

type PbScopeMetrics = PbResourceMetrics['scopeMetrics'][number];

const LAYOUT: PbSignalLayout<PbResourceMetrics, PbScopeMetrics, PbMetric, Metric, ScopeMetrics, ResourceMetrics> = {
  resources: 'resourceMetrics',
  scopes: 'scopeMetrics',
  records: 'metrics',
  scopesOf: (item) => item.scopeMetrics,
  recordsOf: (scope) => scope.metrics,
  convertRecords: convertMetrics,
  rowPaths: (metrics, listPath) => metricPointPaths(metrics, listPath),
  scopeGroup: (scope, metrics, schemaUrl) => ({ scope, metrics, schemaUrl }),
  resourceGroup: (resource, scopeMetrics, schemaUrl) => ({ resource, scopeMetrics, schemaUrl }),
};

/** The model of a decoded ExportMetricsServiceRequest; data points that cannot be converted are dropped with an issue. */
export function metricsFromProtobuf(message: PbMetricsRequest, issues: ValidationIssue[]): ExportMetricsServiceRequest {
  return { resourceMetrics: walkResourceScopes(message.resourceMetrics, LAYOUT, issues) };
}

/** A scope's metrics; one whose metadata cannot be converted is dropped with an issue per data point. */
function convertMetrics(metrics: PbMetric[], metricsPath: string, issues: ValidationIssue[]): Metric[] {
  const converted: Metric[] = [];
  for (let m = 0; m < metrics.length; m++) {
    const metric = metrics[m];
    const result = convertContainer(
      () => convertMetric(metric, `${metricsPath}[${m}]`, issues),
      `${metricsPath}[${m}].metadata`,
      () => metricPointPaths([metric], metricsPath, m),
      issues,
    );
    if (result !== undefined) converted.push(result.value);
  }
  return converted;
}

/** The `oneof data` member set on a metric: only that member is an own property. */
function dataKindOf(metric: PbMetric): MetricData['kind'] | undefined {
  if (Object.hasOwn(metric, 'gauge')) return 'gauge';
  if (Object.hasOwn(metric, 'sum')) return 'sum';
  if (Object.hasOwn(metric, 'histogram')) return 'histogram';
  if (Object.hasOwn(metric, 'exponentialHistogram')) return 'exponentialHistogram';
  if (Object.hasOwn(metric, 'summary')) return 'summary';
  return undefined;
}

function metricPointPaths(metrics: PbMetric[], metricsPath: string, firstIndex = 0): string[] {
  return metrics.flatMap((metric, i) => {
    const kind = dataKindOf(metric);
    const data = kind === undefined ? null : metric[kind];
    if (data === null) return [];
    return indexedPaths(`${metricsPath}[${firstIndex + i}].${kind}.dataPoints`, data.dataPoints.length);
  });
}

function convertMetric(metric: PbMetric, path: string, issues: ValidationIssue[]): Metric {
  return {
    name: metric.name,
    description: metric.description,
    unit: metric.unit,
    metadata: convertKeyValues(metric.metadata),
    data: convertData(metric, path, issues),
  };
}

function convertData(metric: PbMetric, path: string, issues: ValidationIssue[]): MetricData | undefined {
  const pointsPath = (kind: string) => (): string => `${path}.${kind}.dataPoints`;
  const { gauge, sum, histogram, exponentialHistogram, summary } = metric;
  // Unset oneof members read null from the prototype; only the set one is an own property.
  if (gauge !== null && Object.hasOwn(metric, 'gauge')) {
    return { kind: 'gauge', dataPoints: convertRecords(gauge.dataPoints, convertNumberPoint, pointsPath('gauge'), issues) };
  }
  if (sum !== null && Object.hasOwn(metric, 'sum')) {
    return {
      kind: 'sum',
      dataPoints: convertRecords(sum.dataPoints, convertNumberPoint, pointsPath('sum'), issues),
      aggregationTemporality: sum.aggregationTemporality,
      isMonotonic: sum.isMonotonic,
    };
  }
  if (histogram !== null && Object.hasOwn(metric, 'histogram')) {
    return {
      kind: 'histogram',
      dataPoints: convertRecords(histogram.dataPoints, convertHistogramPoint, pointsPath('histogram'), issues),
      aggregationTemporality: histogram.aggregationTemporality,
    };
  }
  if (exponentialHistogram !== null && Object.hasOwn(metric, 'exponentialHistogram')) {
    return {
      kind: 'exponentialHistogram',
      dataPoints: convertRecords(exponentialHistogram.dataPoints, convertExponentialPoint, pointsPath('exponentialHistogram'), issues),
      aggregationTemporality: exponentialHistogram.aggregationTemporality,
    };
  }
  if (summary !== null && Object.hasOwn(metric, 'summary')) {
    return { kind: 'summary', dataPoints: convertRecords(summary.dataPoints, convertSummaryPoint, pointsPath('summary'), issues) };
  }
  return undefined;
}

function convertExemplars(exemplars: PbExemplar[]): Exemplar[] {
  return exemplars.map((exemplar) => ({
    filteredAttributes: convertKeyValues(exemplar.filteredAttributes),
    timeUnixNano: toBigInt(exemplar.timeUnixNano),
    value: convertNumberValue(exemplar),
    spanId: toBytes(exemplar.spanId),
    traceId: toBytes(exemplar.traceId),
  }));
}

function convertNumberPoint(point: PbNumberDataPoint): NumberDataPoint {
  return {
    attributes: convertKeyValues(point.attributes),
    startTimeUnixNano: toBigInt(point.startTimeUnixNano),
    timeUnixNano: toBigInt(point.timeUnixNano),
    value: convertNumberValue(point),
    exemplars: convertExemplars(point.exemplars),
    flags: point.flags,
  };
}

function convertHistogramPoint(point: PbHistogramDataPoint): HistogramDataPoint {
  return {
    attributes: convertKeyValues(point.attributes),
    startTimeUnixNano: toBigInt(point.startTimeUnixNano),
    timeUnixNano: toBigInt(point.timeUnixNano),
    count: toBigInt(point.count),
    sum: point.sum ?? undefined,
    bucketCounts: toBigIntList(point.bucketCounts),
    explicitBounds: point.explicitBounds,
    exemplars: convertExemplars(point.exemplars),
    flags: point.flags,
    min: point.min ?? undefined,
    max: point.max ?? undefined,
  };
}

function convertBuckets(buckets: PbBuckets | null): ExponentialHistogramBuckets | undefined {
  if (buckets === null) return undefined;
  return { offset: buckets.offset, bucketCounts: toBigIntList(buckets.bucketCounts) };
}

function convertExponentialPoint(point: PbExponentialHistogramDataPoint): ExponentialHistogramDataPoint {
  return {
    attributes: convertKeyValues(point.attributes),
    startTimeUnixNano: toBigInt(point.startTimeUnixNano),
    timeUnixNano: toBigInt(point.timeUnixNano),
    count: toBigInt(point.count),
    sum: point.sum ?? undefined,
    scale: point.scale,
    zeroCount: toBigInt(point.zeroCount),
    positive: convertBuckets(point.positive),
    negative: convertBuckets(point.negative),
    flags: point.flags,
    exemplars: convertExemplars(point.exemplars),
    min: point.min ?? undefined,
    max: point.max ?? undefined,
    zeroThreshold: point.zeroThreshold,
  };
}

function convertSummaryPoint(point: PbSummaryDataPoint): SummaryDataPoint {
  return {
    attributes: convertKeyValues(point.attributes),
    startTimeUnixNano: toBigInt(point.startTimeUnixNano),
    timeUnixNano: toBigInt(point.timeUnixNano),
    count: toBigInt(point.count),
    sum: point.sum,
    quantileValues: point.quantileValues.map((q) => ({ quantile: q.quantile, value: q.value })),
    flags: point.flags,
  };
}
