import { ContentType, rowsOf, type RowValue } from '@prism/contract';
import { decodeTracesRequest } from '@prism/otlp';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span as ApiSpan } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchToZipkinSpans } from '../zipkin/zipkin-span-writer';
import { eventizeTraces } from './traces-eventizer';

const context = { tenantId: 'acme', ingestTs: 1_700_000_100_000_000_000n };
const START_MS = 1_700_000_000_000;

/** Real SDK spans: a server span with a client child that fails, an event and a link. */
function recordSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'sdk-service', 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('sdk-lib', '0.1.0');
  const server: ApiSpan = tracer.startSpan('GET /cart', { kind: SpanKind.SERVER, startTime: START_MS });
  const parentContext = server.spanContext();
  const client = tracer.startSpan(
    'redis GET',
    {
      kind: SpanKind.CLIENT,
      startTime: START_MS + 10,
      attributes: { 'db.system': 'redis', 'db.rows': 3, 'db.cached': false },
      links: [{ context: parentContext, attributes: { reason: 'batch' } }],
    },
    trace.setSpan(ROOT_CONTEXT, server),
  );
  client.addEvent('retry', { attempt: 2 }, START_MS + 15);
  client.setStatus({ code: SpanStatusCode.ERROR, message: 'connection reset' });
  client.end(START_MS + 20);
  server.setStatus({ code: SpanStatusCode.OK });
  server.end(START_MS + 50);
  return exporter.getFinishedSpans();
}

describe('SDK-produced spans', () => {
  let spans: ReadableSpan[];
  beforeAll(() => {
    spans = recordSpans();
  });

  it.each([
    { encoding: ContentType.protobuf, serialize: (s: ReadableSpan[]) => ProtobufTraceSerializer.serializeRequest(s) },
    { encoding: ContentType.json, serialize: (s: ReadableSpan[]) => JsonTraceSerializer.serializeRequest(s) },
  ])('eventize from $encoding into the expected rows', ({ encoding, serialize }) => {
    const decoded = decodeTracesRequest(serialize(spans) as Uint8Array, encoding);
    if (!decoded.ok) throw decoded.error;
    const result = eventizeTraces(decoded.value, context);
    expect(result.rejected).toEqual([]);
    expect(result.acceptedRecords).toBe(2);

    const [client, server] = spans;
    const hex = (bytes: RowValue | undefined) => Buffer.from(bytes as Uint8Array).toString('hex');
    const rows = rowsOf(result.batch);
    expect(rows.map((row) => [row['signal_type'], row['name']])).toEqual([
      ['span', 'redis GET'],
      ['span_event', 'retry'],
      ['span', 'GET /cart'],
    ]);
    const [clientRow, eventRow, serverRow] = rows;
    expect(hex(clientRow['trace_id'])).toBe(client.spanContext().traceId);
    expect(hex(clientRow['span_id'])).toBe(client.spanContext().spanId);
    expect(hex(clientRow['parent_span_id'])).toBe(server.spanContext().spanId);
    expect(clientRow).toMatchObject({
      'resource.service.name': 'sdk-service',
      'resource.deployment.environment': 'test',
      'scope.name': 'sdk-lib',
      'scope.version': '0.1.0',
      kind: 3n,
      timestamp: BigInt(START_MS + 10) * 1_000_000n,
      end_timestamp: BigInt(START_MS + 20) * 1_000_000n,
      duration: 10_000_000n,
      trace_flags: 1n,
      'status.code': 2n,
      'status.message': 'connection reset',
      'span.attr.db.system': 'redis',
      'span.attr.db.rows': 3n,
      'span.attr.db.cached': false,
    });
    expect(JSON.parse(clientRow['links'] as string)).toEqual([
      // flags 0x101: sampled, and the SDK records whether the linked context is remote (bit 8 set: it knows, bit 9 clear: local).
      { trace_id: server.spanContext().traceId, span_id: server.spanContext().spanId, attributes: { reason: 'batch' }, flags: 0x101 },
    ]);
    expect(eventRow).toMatchObject({ span_id: clientRow['span_id'], timestamp: BigInt(START_MS + 15) * 1_000_000n, 'span.attr.attempt': 2n });
    expect(serverRow).toMatchObject({ kind: 2n, duration: 50_000_000n, 'status.code': 1n });
    expect(serverRow).not.toHaveProperty('parent_span_id');
  });

  it('serve OTLP span rows as Zipkin v2 spans', () => {
    const decoded = decodeTracesRequest(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array, ContentType.protobuf);
    if (!decoded.ok) throw decoded.error;
    const [client, server] = spans;
    expect(batchToZipkinSpans(eventizeTraces(decoded.value, context).batch)).toEqual([
      {
        traceId: client.spanContext().traceId,
        parentId: server.spanContext().spanId,
        id: client.spanContext().spanId,
        kind: 'CLIENT',
        name: 'redis GET',
        timestamp: (START_MS + 10) * 1000,
        duration: 10_000,
        localEndpoint: { serviceName: 'sdk-service' },
        annotations: [{ timestamp: (START_MS + 15) * 1000, value: 'retry: {"attempt":2}' }],
        tags: {
          'db.system': 'redis',
          'db.rows': '3',
          'db.cached': 'false',
          'otel.status_code': 'ERROR',
          error: 'connection reset',
          'otel.scope.name': 'sdk-lib',
          'otel.scope.version': '0.1.0',
          'deployment.environment': 'test',
        },
      },
      {
        traceId: server.spanContext().traceId,
        id: server.spanContext().spanId,
        kind: 'SERVER',
        name: 'GET /cart',
        timestamp: START_MS * 1000,
        duration: 50_000,
        localEndpoint: { serviceName: 'sdk-service' },
        tags: {
          'otel.status_code': 'OK',
          'otel.scope.name': 'sdk-lib',
          'otel.scope.version': '0.1.0',
          'deployment.environment': 'test',
        },
      },
    ]);
  });
});
