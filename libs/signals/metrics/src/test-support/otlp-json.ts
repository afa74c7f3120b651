import type {
  AnyValue,
  Exemplar,
  ExponentialHistogramBuckets,
  ExportMetricsServiceRequest,
  InstrumentationScope,
  KeyValue,
  Metric,
  MetricData,
  NumberValue,
  Resource,
} from '@prism/otlp';

// A test-only reading of OTLP JSON into the decoded model, enough for the example vectors, until
// @prism/otlp's decodeMetricsRequest is available here. It trusts its input: no validation.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The decoded model of an OTLP JSON metrics request. */
export function metricsRequestFromJson(json: Json): ExportMetricsServiceRequest {
  return {
    resourceMetrics: (json['resourceMetrics'] ?? []).map((resourceMetrics: Json) => ({
      resource: resourceFromJson(resourceMetrics['resource']),
      schemaUrl: resourceMetrics['schemaUrl'] ?? '',
      scopeMetrics: (resourceMetrics['scopeMetrics'] ?? []).map((scopeMetrics: Json) => ({
        scope: scopeFromJson(scopeMetrics['scope']),
        schemaUrl: scopeMetrics['schemaUrl'] ?? '',
        metrics: (scopeMetrics['metrics'] ?? []).map(metricFromJson),
      })),
    })),
  };
}

function metricFromJson(metric: Json): Metric {
  return {
    name: metric['name'] ?? '',
    description: metric['description'] ?? '',
    unit: metric['unit'] ?? '',
    metadata: keyValuesFromJson(metric['metadata']),
    data: metricDataFromJson(metric),
  };
}

function metricDataFromJson(metric: Json): MetricData | undefined {
  const temporality = (data: Json): number => data['aggregationTemporality'] ?? 0;
  if (metric['gauge']) return { kind: 'gauge', dataPoints: metric['gauge']['dataPoints'].map(numberPointFromJson) };
  if (metric['sum']) {
    const sum = metric['sum'];
    return { kind: 'sum', dataPoints: sum['dataPoints'].map(numberPointFromJson), aggregationTemporality: temporality(sum), isMonotonic: sum['isMonotonic'] ?? false };
  }
  if (metric['histogram']) {
    const histogram = metric['histogram'];
    return {
      kind: 'histogram',
      aggregationTemporality: temporality(histogram),
      dataPoints: histogram['dataPoints'].map((point: Json) => ({
        ...pointHeaderFromJson(point),
        count: BigInt(point['count'] ?? 0),
        sum: point['sum'],
        bucketCounts: (point['bucketCounts'] ?? []).map(BigInt),
        explicitBounds: point['explicitBounds'] ?? [],
        exemplars: (point['exemplars'] ?? []).map(exemplarFromJson),
        min: point['min'],
        max: point['max'],
      })),
    };
  }
  if (metric['exponentialHistogram']) {
    const histogram = metric['exponentialHistogram'];
    return {
      kind: 'exponentialHistogram',
      aggregationTemporality: temporality(histogram),
      dataPoints: histogram['dataPoints'].map((point: Json) => ({
        ...pointHeaderFromJson(point),
        count: BigInt(point['count'] ?? 0),
        sum: point['sum'],
        scale: point['scale'] ?? 0,
        zeroCount: BigInt(point['zeroCount'] ?? 0),
        positive: bucketsFromJson(point['positive']),
        negative: bucketsFromJson(point['negative']),
        exemplars: (point['exemplars'] ?? []).map(exemplarFromJson),
        min: point['min'],
        max: point['max'],
        zeroThreshold: point['zeroThreshold'] ?? 0,
      })),
    };
  }
  if (metric['summary']) {
    return {
      kind: 'summary',
      dataPoints: metric['summary']['dataPoints'].map((point: Json) => ({
        ...pointHeaderFromJson(point),
        count: BigInt(point['count'] ?? 0),
        sum: point['sum'] ?? 0,
        quantileValues: (point['quantileValues'] ?? []).map((q: Json) => ({ quantile: q['quantile'] ?? 0, value: q['value'] ?? 0 })),
      })),
    };
  }
  return undefined;
}

function pointHeaderFromJson(point: Json) {
  return {
    attributes: keyValuesFromJson(point['attributes']),
    startTimeUnixNano: BigInt(point['startTimeUnixNano'] ?? 0),
    timeUnixNano: BigInt(point['timeUnixNano'] ?? 0),
    flags: point['flags'] ?? 0,
  };
}

function numberPointFromJson(point: Json) {
  return { ...pointHeaderFromJson(point), value: numberValueFromJson(point), exemplars: (point['exemplars'] ?? []).map(exemplarFromJson) };
}

function numberValueFromJson(json: Json): NumberValue | undefined {
  if ('asDouble' in json) return { kind: 'double', value: Number(json['asDouble']) };
  if ('asInt' in json) return { kind: 'int', value: BigInt(json['asInt']) };
  return undefined;
}

function exemplarFromJson(exemplar: Json): Exemplar {
  return {
    filteredAttributes: keyValuesFromJson(exemplar['filteredAttributes']),
    timeUnixNano: BigInt(exemplar['timeUnixNano'] ?? 0),
    value: numberValueFromJson(exemplar),
    traceId: Buffer.from(exemplar['traceId'] ?? '', 'hex'),
    spanId: Buffer.from(exemplar['spanId'] ?? '', 'hex'),
  };
}

function bucketsFromJson(buckets: Json | undefined): ExponentialHistogramBuckets | undefined {
  if (buckets === undefined) return undefined;
  return { offset: buckets['offset'] ?? 0, bucketCounts: (buckets['bucketCounts'] ?? []).map(BigInt) };
}

export function resourceFromJson(resource: Json | undefined): Resource | undefined {
  if (resource === undefined) return undefined;
  return { attributes: keyValuesFromJson(resource['attributes']), droppedAttributesCount: resource['droppedAttributesCount'] ?? 0 };
}

export function scopeFromJson(scope: Json | undefined): InstrumentationScope | undefined {
  if (scope === undefined) return undefined;
  return {
    name: scope['name'] ?? '',
    version: scope['version'] ?? '',
    attributes: keyValuesFromJson(scope['attributes']),
    droppedAttributesCount: scope['droppedAttributesCount'] ?? 0,
  };
}

export function keyValuesFromJson(values: Json[] | undefined): KeyValue[] {
  return (values ?? []).map((kv) => ({ key: kv['key'], value: anyValueFromJson(kv['value'] ?? {}) }));
}

export function anyValueFromJson(value: Json): AnyValue {
  if ('stringValue' in value) return { kind: 'string', value: value['stringValue'] };
  if ('boolValue' in value) return { kind: 'bool', value: value['boolValue'] };
  if ('intValue' in value) return { kind: 'int', value: BigInt(value['intValue']) };
  if ('doubleValue' in value) return { kind: 'double', value: Number(value['doubleValue']) };
  if ('bytesValue' in value) return { kind: 'bytes', value: Buffer.from(value['bytesValue'], 'base64') };
  if ('arrayValue' in value) return { kind: 'array', values: (value['arrayValue']['values'] ?? []).map(anyValueFromJson) };
  if ('kvlistValue' in value) return { kind: 'kvlist', values: keyValuesFromJson(value['kvlistValue']['values']) };
  return { kind: 'empty' };
}
