import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type IdGenerator } from '@opentelemetry/sdk-trace-base';

/** Realistic shapes, deterministic from a seed: skewed service popularity, log-normal durations. */
export interface WorkloadOptions {
  random: () => number;
  services: number;
  operations: number;
}

const HTTP_METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const BASE_TIME_MS = 1_763_856_000_000;

/** Zipf-like pick: index 0 is the most popular. */
export function skewedIndex(random: () => number, count: number): number {
  return Math.min(count - 1, Math.floor(count * random() ** 2.5));
}

/** A log-normal sample with the given median, e.g. span durations. */
export function logNormal(random: () => number, median: number, sigma: number): number {
  const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return median * Math.exp(sigma * gaussian);
}

function hex(random: () => number, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++)
    out += Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0');
  return out;
}

function seededIds(random: () => number): IdGenerator {
  return { generateTraceId: () => hex(random, 16), generateSpanId: () => hex(random, 8) };
}

/**
 * One OTLP protobuf traces request as the SDK exporter sends it: `spans` spans of one service in
 * traces of ~8 spans, ~10 attributes each, 2 events per 10 spans, 5% errors.
 */
export function spansRequest(options: WorkloadOptions, spans: number): Uint8Array {
  const { random } = options;
  const service = skewedIndex(random, options.services);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': `service-${service}`,
      'service.version': '1.4.2',
      'host.name': `host-${service % 7}`,
      'deployment.environment': 'production',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    idGenerator: seededIds(random),
  });
  const tracer = provider.getTracer('prism-bench', '1.0.0');
  let root = ROOT_CONTEXT;
  for (let index = 0; index < spans; index++) {
    if (index % 8 === 0) root = ROOT_CONTEXT;
    const start = BASE_TIME_MS + index;
    const operation = skewedIndex(random, options.operations);
    const method = HTTP_METHODS[operation % HTTP_METHODS.length];
    const span = tracer.startSpan(
      `${method} /api/v1/resource-${operation}`,
      {
        kind: index % 8 === 0 ? SpanKind.SERVER : SpanKind.CLIENT,
        startTime: start,
        attributes: {
          'http.request.method': method,
          'http.route': `/api/v1/resource-${operation}`,
          'http.response.status_code': random() < 0.05 ? 500 : 200,
          'url.path': `/api/v1/resource-${operation}/${Math.floor(random() * 100000)}`,
          'server.address': `service-${operation % options.services}.internal`,
          'server.port': 8080,
          'user.id': `user-${Math.floor(random() * 50000)}`,
          'request.id': hex(random, 8),
          'net.peer.ip': `10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
          'cache.hit': random() < 0.3,
        },
      },
      root,
    );
    if (index % 8 === 0) root = trace.setSpan(ROOT_CONTEXT, span);
    if (index % 5 === 0) span.addEvent('exception', { 'exception.type': 'TimeoutError', 'exception.message': 'upstream timed out' }, start + 1);
    if (random() < 0.05) span.setStatus({ code: SpanStatusCode.ERROR, message: 'internal error' });
    span.end(start + logNormal(random, 20, 1));
  }
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans()) as Uint8Array;
}

/** One OTLP protobuf logs request: `records` log records, ~8 attributes, trace context on most. */
export function logsRequest(options: WorkloadOptions, records: number): Uint8Array {
  const { random } = options;
  const exporter = new InMemoryLogRecordExporter();
  const service = skewedIndex(random, options.services);
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': `service-${service}`, 'host.name': `host-${service % 7}` }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('prism-bench', '1.0.0');
  const severities = [SeverityNumber.INFO, SeverityNumber.INFO, SeverityNumber.INFO, SeverityNumber.DEBUG, SeverityNumber.WARN, SeverityNumber.ERROR];
  for (let index = 0; index < records; index++) {
    const severity = severities[skewedIndex(random, severities.length)];
    const context =
      random() < 0.8 ? trace.setSpanContext(ROOT_CONTEXT, { traceId: hex(random, 16), spanId: hex(random, 8), traceFlags: TraceFlags.SAMPLED }) : ROOT_CONTEXT;
    logger.emit({
      timestamp: BASE_TIME_MS + index,
      severityNumber: severity,
      severityText: SeverityNumber[severity],
      body: `request ${hex(random, 4)} handled in ${Math.round(logNormal(random, 20, 1))} ms`,
      attributes: {
        'http.request.method': HTTP_METHODS[index % HTTP_METHODS.length],
        'http.route': `/api/v1/resource-${skewedIndex(random, options.operations)}`,
        'user.id': `user-${Math.floor(random() * 50000)}`,
        'thread.id': Math.floor(random() * 64),
        'code.function': 'handleRequest',
        'code.lineno': 120 + (index % 40),
        retry: random() < 0.1,
        'duration.ms': logNormal(random, 20, 1),
      },
      context,
    });
  }
  return ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords()) as Uint8Array;
}

/**
 * One OTLP protobuf metrics request from the SDK: counters, gauges and explicit histograms over
 * `series` attribute sets. Returns the body and the number of data points it carries.
 */
export async function metricsRequest(options: WorkloadOptions, series: number): Promise<{ body: Uint8Array; dataPoints: number }> {
  const { random } = options;
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': `service-${skewedIndex(random, options.services)}` }),
    readers: [reader],
  });
  const meter = provider.getMeter('prism-bench', '1.0.0');
  const requests = meter.createCounter('http.server.requests');
  const inflight = meter.createUpDownCounter('http.server.active_requests');
  const memory = meter.createGauge('process.memory.usage', { unit: 'By' });
  const latency = meter.createHistogram('http.server.request.duration', { unit: 'ms' });
  for (let index = 0; index < series; index++) {
    const attributes = {
      'http.route': `/api/v1/resource-${index % options.operations}`,
      'http.request.method': HTTP_METHODS[index % HTTP_METHODS.length],
      'http.response.status_code': index % 20 === 0 ? 500 : 200,
    };
    requests.add(1 + Math.floor(random() * 100), attributes);
    inflight.add(Math.floor(random() * 10), attributes);
    memory.record(Math.floor(random() * 1e9), attributes);
    for (let sample = 0; sample < 5; sample++) latency.record(logNormal(random, 20, 1), attributes);
  }
  await reader.forceFlush();
  const [resourceMetrics] = exporter.getMetrics();
  await provider.shutdown();
  let dataPoints = 0;
  for (const scope of resourceMetrics.scopeMetrics) for (const metric of scope.metrics) dataPoints += metric.dataPoints.length;
  return { body: ProtobufMetricsSerializer.serializeRequest(resourceMetrics) as Uint8Array, dataPoints };
}
