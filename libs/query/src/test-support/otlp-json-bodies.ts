// OTLP/JSON request bodies for tests, shaped like an SDK export; the registry's signals decode them.

type Attributes = Record<string, string | number | boolean>;

function attributes(values: Attributes = {}): unknown[] {
  return Object.entries(values).map(([key, value]) => ({
    key,
    value:
      typeof value === 'string'
        ? { stringValue: value }
        : typeof value === 'boolean'
          ? { boolValue: value }
          : Number.isInteger(value)
            ? { intValue: String(value) }
            : { doubleValue: value },
  }));
}

function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export interface TestSpan {
  traceId: string;
  spanId: string;
  service: string;
  name: string;
  startNs: bigint;
  durationNs: bigint;
  attributes?: Attributes;
  statusCode?: number;
}

/** An ExportTraceServiceRequest with one resource per service. */
export function tracesBody(spans: readonly TestSpan[]): Uint8Array {
  const services = [...new Set(spans.map((span) => span.service))];
  return json({
    resourceSpans: services.map((service) => ({
      resource: { attributes: attributes({ 'service.name': service }) },
      scopeSpans: [
        {
          scope: { name: 'query-tests', version: '1.0.0' },
          spans: spans
            .filter((span) => span.service === service)
            .map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              name: span.name,
              kind: 2,
              startTimeUnixNano: String(span.startNs),
              endTimeUnixNano: String(span.startNs + span.durationNs),
              attributes: attributes(span.attributes),
              ...(span.statusCode === undefined ? {} : { status: { code: span.statusCode } }),
            })),
        },
      ],
    })),
  });
}

export interface TestLog {
  service: string;
  timeNs: bigint;
  severityText: string;
  severityNumber: number;
  body: string;
  attributes?: Attributes;
}

export function logsBody(logs: readonly TestLog[]): Uint8Array {
  const services = [...new Set(logs.map((log) => log.service))];
  return json({
    resourceLogs: services.map((service) => ({
      resource: { attributes: attributes({ 'service.name': service }) },
      scopeLogs: [
        {
          scope: { name: 'query-tests' },
          logRecords: logs
            .filter((log) => log.service === service)
            .map((log) => ({
              timeUnixNano: String(log.timeNs),
              observedTimeUnixNano: String(log.timeNs),
              severityText: log.severityText,
              severityNumber: log.severityNumber,
              body: { stringValue: log.body },
              attributes: attributes(log.attributes),
            })),
        },
      ],
    })),
  });
}

export interface TestCounterPoint {
  timeNs: bigint;
  value: number;
  attributes?: Attributes;
}

/** A monotonic cumulative double sum (a counter) with its points. */
export function counterBody(service: string, name: string, startNs: bigint, points: readonly TestCounterPoint[]): Uint8Array {
  return json({
    resourceMetrics: [
      {
        resource: { attributes: attributes({ 'service.name': service }) },
        scopeMetrics: [
          {
            scope: { name: 'query-tests' },
            metrics: [
              {
                name,
                unit: '1',
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: points.map((point) => ({
                    startTimeUnixNano: String(startNs),
                    timeUnixNano: String(point.timeNs),
                    asDouble: point.value,
                    attributes: attributes(point.attributes),
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

export interface TestHistogramPoint {
  timeNs: bigint;
  bounds: readonly number[];
  counts: readonly number[];
}

/** A delta explicit-bounds histogram with its points. */
export function histogramBody(service: string, name: string, points: readonly TestHistogramPoint[]): Uint8Array {
  return json({
    resourceMetrics: [
      {
        resource: { attributes: attributes({ 'service.name': service }) },
        scopeMetrics: [
          {
            scope: { name: 'query-tests' },
            metrics: [
              {
                name,
                unit: 'ms',
                histogram: {
                  aggregationTemporality: 1,
                  dataPoints: points.map((point) => ({
                    startTimeUnixNano: String(point.timeNs - 60_000_000_000n),
                    timeUnixNano: String(point.timeNs),
                    count: String(point.counts.reduce((sum, count) => sum + count, 0)),
                    bucketCounts: point.counts.map(String),
                    explicitBounds: point.bounds,
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  });
}
