import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentType, rowsOf, type EventizeResult } from '@prism/contract';
import { decodeTracesRequest } from '@prism/otlp';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { makeSpan, requestOf } from '../test-support/otlp-fixtures';
import { encodeTracesProtobuf } from '../test-support/traces-protobuf-encoder';
import { eventizeTracesDirect } from './eventize-traces-direct';
import { eventizeTraces } from './traces-eventizer';

const context = { tenantId: 'acme', ingestTs: 1_700_000_000_000_000_000n };
const testData = join(import.meta.dirname, '..', '..', 'test-data');

/** Columns (name and type, sorted) and rows (keys sorted) of a result, for comparing two paths. */
export function comparable(result: EventizeResult): unknown {
  const columns = result.batch.schema.fields.map((field) => `${field.name}:${field.metadata.get('prism.type')}`).sort();
  const rows = rowsOf(result.batch).map((row) => Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1))));
  return { columns, rows, acceptedRecords: result.acceptedRecords, rejected: result.rejected };
}

/** The single-pass result, checked against decode + eventize; undefined when it declined. */
export function directAgainstModel(body: Uint8Array): EventizeResult | undefined {
  const direct = eventizeTracesDirect(body, ContentType.protobuf, context);
  if (direct === undefined) return undefined;
  const decoded = decodeTracesRequest(body, ContentType.protobuf);
  if (!decoded.ok) throw new Error(`direct path accepted a body the model path cannot decode: ${decoded.error.message}`);
  expect(decoded.issues).toEqual([]);
  const model = eventizeTraces(decoded.value, context);
  expect(model.rejected).toEqual([]);
  expect(comparable(direct)).toEqual(comparable(model));
  return direct;
}

function sdkBody(): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'sdk', 'host.cpus': 4, ratio: 0.5, tags: ['a', 'b'] }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
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

describe('eventizeTracesDirect', () => {
  it.each(['otlp-trace', 'otlp-trace-rich'])('matches decode + eventize on the %s vector, or declines it', (name) => {
    const decoded = decodeTracesRequest(readFileSync(join(testData, `${name}.json`)), ContentType.json);
    if (!decoded.ok) throw decoded.error;
    const body = encodeTracesProtobuf(decoded.value);
    const direct = directAgainstModel(body);
    // The rich vector holds a span that ends before it starts: the single-pass path leaves it to the model path.
    expect(direct === undefined).toBe(name === 'otlp-trace-rich');
  });

  it('accepts the valid spans of the rich vector and writes their rows', () => {
    const decoded = decodeTracesRequest(readFileSync(join(testData, 'otlp-trace-rich.json')), ContentType.json);
    if (!decoded.ok) throw decoded.error;
    const request = decoded.value;
    for (const resourceSpans of request.resourceSpans) {
      for (const scopeSpans of resourceSpans.scopeSpans) scopeSpans.spans = scopeSpans.spans.filter((span) => span.endTimeUnixNano >= span.startTimeUnixNano);
    }
    const direct = directAgainstModel(encodeTracesProtobuf(request));
    expect(direct?.acceptedRecords).toBe(2);
  });

  it('matches decode + eventize on SDK-produced protobuf', () => {
    const direct = directAgainstModel(sdkBody());
    expect(direct?.acceptedRecords).toBe(21);
    expect(rowsOf(direct!.batch).filter((row) => row['signal_type'] === 'span_event')).toHaveLength(5);
  });

  it('declines JSON bodies and other media types', () => {
    const body = new TextEncoder().encode('{"resourceSpans":[]}');
    expect(eventizeTracesDirect(body, ContentType.json, context)).toBeUndefined();
    expect(eventizeTracesDirect(sdkBody(), 'text/plain', context)).toBeUndefined();
  });

  it.each([
    ['a short trace id', { traceId: new Uint8Array(5) }],
    ['an all-zero span id', { spanId: new Uint8Array(8) }],
    ['an all-zero parent id', { parentSpanId: new Uint8Array(8) }],
    ['an unknown kind', { kind: 9 }],
    ['an unknown status code', { status: { code: 5, message: '' } }],
    ['no start time', { startTimeUnixNano: 0n, endTimeUnixNano: 0n }],
  ])('declines a span with %s', (_, overrides) => {
    const body = encodeTracesProtobuf(requestOf(makeSpan(), makeSpan(overrides)));
    expect(eventizeTracesDirect(body, ContentType.protobuf, context)).toBeUndefined();
  });
});
