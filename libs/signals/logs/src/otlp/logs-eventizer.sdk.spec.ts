import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { ContentType, decodeAndEventize, rowsOf } from '@prism/contract';
import { describe, expect, it } from 'vitest';
import { logsSignal } from '../logs-signal';

const traceIdHex = '0af7651916cd43dd8448eb211c80319c';
const spanIdHex = 'b7ad6b7169203331';

/** Log records emitted through the real SDK and serialized as the OTLP exporter sends them. */
function sdkLogsBody(): Uint8Array {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'host.cores': 4 }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('checkout.logger', '2.1.0');
  const spanContext = trace.setSpanContext(ROOT_CONTEXT, { traceId: traceIdHex, spanId: spanIdHex, traceFlags: TraceFlags.SAMPLED });
  logger.emit({
    timestamp: 1_700_000_000_123,
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'payment retried',
    attributes: { 'retry.count': 2, 'payment.ok': true, ratio: 0.5, tags: ['a', 'b'] },
    context: spanContext,
  });
  logger.emit({ timestamp: 1_700_000_000_124, body: { order: 'o-1', items: 3 }, eventName: 'order.placed' });
  logger.emit({ timestamp: 1_700_000_000_125, body: 42 });
  logger.emit({ timestamp: 1_700_000_000_126, body: 2.5 });
  return ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords()) as Uint8Array;
}

describe('logs from the OpenTelemetry SDK', () => {
  it('decode from protobuf and eventize to one row per record', () => {
    const result = decodeAndEventize(logsSignal.ingest, sdkLogsBody(), ContentType.protobuf, { tenantId: 't1', ingestTs: 5n });
    if (!result.ok) throw result.error;
    expect(result.value.rejected).toEqual([]);
    expect(result.value.acceptedRecords).toBe(4);
    const rows = rowsOf(result.value.batch);
    expect(rows[0]).toMatchObject({
      signal_type: 'log',
      timestamp: 1_700_000_000_123_000_000n,
      'resource.service.name': 'checkout',
      'resource.host.cores': 4n,
      'scope.name': 'checkout.logger',
      'scope.version': '2.1.0',
      trace_id: new Uint8Array(Buffer.from(traceIdHex, 'hex')),
      span_id: new Uint8Array(Buffer.from(spanIdHex, 'hex')),
      trace_flags: 1n,
      body: 'payment retried',
      severity_number: 13n,
      severity_text: 'WARN',
      'log.attr.retry.count': 2n,
      'log.attr.payment.ok': true,
      'log.attr.ratio': 0.5,
      'log.attr.tags': '["a","b"]',
    });
    expect(typeof rows[0]['observed_timestamp']).toBe('bigint');
    expect(rows[1]).toMatchObject({ event_name: 'order.placed', 'body#json': '{"order":"o-1","items":3}' });
    expect(rows[1]).not.toHaveProperty('trace_id');
    // The JS SDK sends integral numbers as intValue and the rest as doubleValue.
    expect(rows[2]).toMatchObject({ 'body#int64': 42n });
    expect(rows[3]).toMatchObject({ 'body#double': 2.5 });
  });
});
