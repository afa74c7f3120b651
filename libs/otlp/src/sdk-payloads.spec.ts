import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest } from './decode-requests';
import { bytesToHex } from './ids';

const resource = resourceFromAttributes({ 'service.name': 'checkout', 'host.cores': 4 });
const START_MS = 1_700_000_000_123;

function serialized(body: Uint8Array | undefined): Uint8Array {
  if (body === undefined) throw new Error('the serializer returned nothing');
  return body;
}

function recordSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('checkout-lib', '2.1.0');
  const parent = tracer.startSpan('GET /cart', { kind: SpanKind.SERVER, startTime: START_MS });
  parent.setAttributes({ 'http.status_code': 500, 'http.route': '/cart', retried: true, ratio: 0.25, tags: ['a', 'b'] });
  parent.addEvent('exception', { 'exception.type': 'TypeError' }, START_MS + 5);
  parent.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  parent.end(START_MS + 10);
  return { spans: exporter.getFinishedSpans(), parent };
}

describe('payloads from the OpenTelemetry JS SDK', () => {
  for (const [encoding, serializer] of [
    ['application/x-protobuf', ProtobufTraceSerializer],
    ['application/json', JsonTraceSerializer],
  ] as const) {
    it(`decodes spans serialized as ${encoding}`, () => {
      const { spans, parent } = recordSpans();
      const result = decodeTracesRequest(serialized(serializer.serializeRequest(spans)), encoding);
      if (!result.ok) throw result.error;
      expect(result.issues).toEqual([]);
      const [resourceSpans] = result.value.resourceSpans;
      expect(resourceSpans.resource?.attributes).toEqual([
        { key: 'service.name', value: { kind: 'string', value: 'checkout' } },
        { key: 'host.cores', value: { kind: 'int', value: 4n } },
      ]);
      expect(resourceSpans.scopeSpans[0].scope).toMatchObject({ name: 'checkout-lib', version: '2.1.0' });
      const span = resourceSpans.scopeSpans[0].spans[0];
      expect(bytesToHex(span.traceId)).toBe(parent.spanContext().traceId);
      expect(bytesToHex(span.spanId)).toBe(parent.spanContext().spanId);
      expect(span.parentSpanId).toEqual(new Uint8Array(0));
      expect(span).toMatchObject({
        name: 'GET /cart',
        kind: 2,
        startTimeUnixNano: 1_700_000_000_123_000_000n,
        endTimeUnixNano: 1_700_000_000_133_000_000n,
        status: { code: 2, message: 'boom' },
      });
      expect(span.attributes).toEqual([
        { key: 'http.status_code', value: { kind: 'int', value: 500n } },
        { key: 'http.route', value: { kind: 'string', value: '/cart' } },
        { key: 'retried', value: { kind: 'bool', value: true } },
        { key: 'ratio', value: { kind: 'double', value: 0.25 } },
        {
          key: 'tags',
          value: {
            kind: 'array',
            values: [
              { kind: 'string', value: 'a' },
              { kind: 'string', value: 'b' },
            ],
          },
        },
      ]);
      expect(span.events).toEqual([
        {
          timeUnixNano: 1_700_000_000_128_000_000n,
          name: 'exception',
          attributes: [{ key: 'exception.type', value: { kind: 'string', value: 'TypeError' } }],
          droppedAttributesCount: 0,
        },
      ]);
    });
  }

  for (const [encoding, serializer] of [
    ['application/x-protobuf', ProtobufLogsSerializer],
    ['application/json', JsonLogsSerializer],
  ] as const) {
    it(`decodes log records serialized as ${encoding}`, () => {
      const exporter = new InMemoryLogRecordExporter();
      const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
      provider.getLogger('audit', '0.3.0').emit({
        timestamp: START_MS,
        severityNumber: SeverityNumber.WARN,
        severityText: 'WARN',
        body: { user: 'ada', attempts: 3 },
        attributes: { 'login.ok': false },
        eventName: 'user.login',
      });
      const result = decodeLogsRequest(serialized(serializer.serializeRequest(exporter.getFinishedLogRecords())), encoding);
      if (!result.ok) throw result.error;
      expect(result.issues).toEqual([]);
      const record = result.value.resourceLogs[0].scopeLogs[0].logRecords[0];
      expect(record).toMatchObject({
        timeUnixNano: 1_700_000_000_123_000_000n,
        severityNumber: 13,
        severityText: 'WARN',
        eventName: 'user.login',
        attributes: [{ key: 'login.ok', value: { kind: 'bool', value: false } }],
      });
      expect(record.observedTimeUnixNano).toBeGreaterThan(0n);
      expect(record.body).toEqual({
        kind: 'kvlist',
        values: [
          { key: 'user', value: { kind: 'string', value: 'ada' } },
          { key: 'attempts', value: { kind: 'int', value: 3n } },
        ],
      });
    });
  }

  for (const [encoding, serializer] of [
    ['application/x-protobuf', ProtobufMetricsSerializer],
    ['application/json', JsonMetricsSerializer],
  ] as const) {
    it(`decodes metrics serialized as ${encoding}`, async () => {
      const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
      const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
      const provider = new MeterProvider({ resource, readers: [reader] });
      const meter = provider.getMeter('shop', '1.0.0');
      meter.createCounter('orders', { unit: '1' }).add(3, { region: 'eu' });
      meter.createGauge('temperature').record(21.5);
      const latency = meter.createHistogram('latency', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 100] } });
      for (const value of [5, 50, 500]) latency.record(value);
      await reader.forceFlush();
      const collected = exporter.getMetrics()[0];
      await provider.shutdown();

      const result = decodeMetricsRequest(serialized(serializer.serializeRequest(collected)), encoding);
      if (!result.ok) throw result.error;
      expect(result.issues).toEqual([]);
      const metrics = result.value.resourceMetrics[0].scopeMetrics[0].metrics;
      const byName = new Map(metrics.map((metric) => [metric.name, metric]));
      expect(byName.get('orders')?.data).toMatchObject({
        kind: 'sum',
        isMonotonic: true,
        aggregationTemporality: 2,
        dataPoints: [{ value: { kind: 'double', value: 3 }, attributes: [{ key: 'region', value: { kind: 'string', value: 'eu' } }] }],
      });
      expect(byName.get('temperature')?.data).toMatchObject({ kind: 'gauge', dataPoints: [{ value: { kind: 'double', value: 21.5 } }] });
      expect(byName.get('latency')?.data).toMatchObject({
        kind: 'histogram',
        dataPoints: [{ count: 3n, sum: 555, min: 5, max: 500, bucketCounts: [1n, 1n, 1n], explicitBounds: [10, 100] }],
      });
    });
  }
});
