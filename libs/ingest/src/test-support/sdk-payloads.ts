import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
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
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

// Real SDK payloads: what an instrumented service sends.
const resource = resourceFromAttributes({ 'service.name': 'checkout' });
export const SDK_START_MS = 1_700_000_000_000;
const utf8 = new TextEncoder();

/** Encoded bodies of one export request in both OTLP encodings. */
export interface SdkBodies {
  protobuf: Uint8Array;
  json: Uint8Array;
  records: number;
  /** The one trace id of the spans, hex (traces only). */
  traceIdHex: string;
}

function must(body: Uint8Array | undefined): Uint8Array {
  if (body === undefined) throw new Error('the serializer returned nothing');
  return body;
}

/** `count` finished SDK spans named `GET /<i>` with a `label` attribute, all in one trace. */
export function sdkSpans(count: number, label = 'a'): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('checkout-lib', '1.0.0');
  const root = tracer.startSpan('root', { kind: SpanKind.SERVER, startTime: SDK_START_MS });
  for (let i = 1; i < count; i++) {
    const child = tracer.startSpan(`GET /${i}`, { startTime: SDK_START_MS + i, attributes: { label } }, trace.setSpan(ROOT_CONTEXT, root));
    child.end(SDK_START_MS + i + 1);
  }
  root.setAttribute('label', label);
  root.end(SDK_START_MS + count + 1);
  return exporter.getFinishedSpans();
}

/** Spans serialized by the SDK's own OTLP serializers. */
export function sdkTraceBodies(count: number, label = 'a'): SdkBodies {
  const spans = sdkSpans(count, label);
  return {
    protobuf: must(ProtobufTraceSerializer.serializeRequest(spans)),
    json: must(JsonTraceSerializer.serializeRequest(spans)),
    records: spans.length,
    traceIdHex: spans[0].spanContext().traceId,
  };
}

/** `count` SDK log records. */
export function sdkLogBodies(count: number): SdkBodies {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('checkout-lib');
  for (let i = 0; i < count; i++) {
    logger.emit({ body: `order ${i} placed`, severityNumber: SeverityNumber.INFO, severityText: 'INFO', timestamp: SDK_START_MS + i });
  }
  const records = exporter.getFinishedLogRecords();
  return {
    protobuf: must(ProtobufLogsSerializer.serializeRequest(records)),
    json: must(JsonLogsSerializer.serializeRequest(records)),
    records: records.length,
    traceIdHex: '',
  };
}

/** One counter and one gauge data point collected by the SDK. */
export async function sdkMetricBodies(): Promise<SdkBodies> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ resource, readers: [reader] });
  const meter = provider.getMeter('checkout-lib');
  meter.createCounter('orders').add(3, { region: 'eu' });
  meter.createGauge('queue.depth').record(7);
  await reader.forceFlush();
  const [metrics] = exporter.getMetrics();
  await provider.shutdown();
  return {
    protobuf: must(ProtobufMetricsSerializer.serializeRequest(metrics)),
    json: must(JsonMetricsSerializer.serializeRequest(metrics)),
    records: 2,
    traceIdHex: '',
  };
}

/** Text as request body bytes. */
export function bytesOf(text: string): Uint8Array {
  return utf8.encode(text);
}
