import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type IdGenerator } from '@opentelemetry/sdk-trace-base';

/** Counter-based ids, so the body is the same on every run. */
function countingIds(): IdGenerator {
  let next = 1;
  const id = (digits: number) => (next++).toString(16).padStart(digits, '0');
  return { generateTraceId: () => id(32), generateSpanId: () => id(16) };
}

/**
 * An OTLP protobuf body written by the OpenTelemetry SDK: a server span with 20 children of every
 * kind, attributes of each SDK type (arrays included), events, links and error statuses.
 */
export function sdkBody(): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'sdk', 'host.cpus': 4, ratio: 0.5, tags: ['a', 'b'] }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    idGenerator: countingIds(),
  });
  const tracer = provider.getTracer('lib', '2.0.0');
  const server = tracer.startSpan('GET /', { kind: SpanKind.SERVER, startTime: 1_700_000_000_000, attributes: { 'http.status_code': 200 } });
  for (let index = 0; index < 20; index++) {
    const child = tracer.startSpan(
      `op-${index % 3}`,
      {
        kind: index % 5,
        startTime: 1_700_000_000_001 + index,
        attributes: { a: index, b: `v${index}`, c: index % 2 === 0, d: index / 3, list: [1, 2], [`k${index % 4}`]: 'x' },
        links: index % 7 === 0 ? [{ context: server.spanContext(), attributes: { why: 'x' } }] : [],
      },
      trace.setSpan(ROOT_CONTEXT, server),
    );
    if (index % 4 === 0) child.addEvent('evt', { n: index, 'exception.type': 'E' }, 1_700_000_000_002 + index);
    if (index % 6 === 0) child.setStatus({ code: SpanStatusCode.ERROR, message: 'bad' });
    child.end(1_700_000_000_050 + index);
  }
  server.end(1_700_000_000_100);
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans()) as Uint8Array;
}
