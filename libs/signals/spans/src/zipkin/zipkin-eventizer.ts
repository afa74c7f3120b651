import { BaseColumn, RowBatchBuilder, RowStamp, type EventizeContext, type EventizeResult, type ValidationIssue } from '@prism/contract';
import { hexToBytes } from '@prism/otlp';
import { DEFAULT_SPANS_DATASET, SERVICE_NAME_COLUMN, SPAN_ATTRIBUTE_PREFIX, SpanColumn, SpanSignalType } from '../common/span-columns';
import { StatusCode, otlpKindOf } from '../common/span-kind';
import type { ZipkinEndpoint, ZipkinSpan } from './zipkin-model';

const NANOS_PER_MICRO = 1000n;
const OTLP_TRACE_ID_BYTES = 16;

/** Zipkin tags that carry the span status, as OpenTelemetry's Zipkin exporter writes them. */
export const ZipkinStatusTag = { error: 'error', statusCode: 'otel.status_code' } as const;

/**
 * Turns validated Zipkin v2 spans into the unified rows: one `span` row per span, one
 * `span_event` row per annotation. Times go from microseconds to nanoseconds; a 64-bit trace id is
 * zero-padded to 16 bytes like OTLP's and marked `trace_id_64bit` so it is written back as 16 digits.
 * Tags become `span.attr.*` strings; an `error` tag (or `otel.status_code`) also sets `status.*`.
 * `issues` are the spans the reader already left out; they are passed through as `rejected`.
 */
export function eventizeZipkinSpans(spans: readonly ZipkinSpan[], context: EventizeContext, issues: readonly ValidationIssue[] = []): EventizeResult {
  let rows = 0;
  for (const span of spans) rows += 1 + (span.annotations?.length ?? 0);
  const builder = new RowBatchBuilder({ initialCapacity: Math.max(1, rows) });
  const stamp = new RowStamp(builder, context, DEFAULT_SPANS_DATASET);
  for (const span of spans) writeZipkinSpan(builder, stamp, span, context.ingestTs);
  return { batch: builder.build(), acceptedRecords: spans.length, rejected: [...issues] };
}

function writeZipkinSpan(builder: RowBatchBuilder, stamp: RowStamp, span: ZipkinSpan, ingestTs: bigint): void {
  const traceId = paddedTraceId(span.traceId);
  const spanId = hexToBytes(span.id) as Uint8Array;
  const serviceName = present(span.localEndpoint) ? span.localEndpoint.serviceName : undefined;

  stamp.startRow(SpanSignalType.span);
  builder.setBytes(BaseColumn.traceId, traceId);
  builder.setBytes(BaseColumn.spanId, spanId);
  if (span.traceId.length === 16) builder.setBool(SpanColumn.traceId64Bit, true);
  if (present(serviceName)) builder.setString(SERVICE_NAME_COLUMN, serviceName);
  if (present(span.parentId)) builder.setBytes(SpanColumn.parentSpanId, hexToBytes(span.parentId) as Uint8Array);
  if (present(span.name)) builder.setString(SpanColumn.name, span.name);
  builder.setInt64(SpanColumn.kind, BigInt(otlpKindOf(span.kind ?? undefined)));

  // Rows need a time to be placed in a segment: a span without one is filed under its ingest time.
  const start = present(span.timestamp) ? BigInt(span.timestamp) * NANOS_PER_MICRO : undefined;
  builder.setInt64(BaseColumn.timestamp, start ?? ingestTs);
  if (start === undefined) builder.setBool(SpanColumn.timestampInferred, true);
  if (present(span.duration)) {
    const duration = BigInt(span.duration) * NANOS_PER_MICRO;
    builder.setInt64(SpanColumn.duration, duration);
    if (start !== undefined) builder.setInt64(SpanColumn.endTimestamp, start + duration);
  }
  if (present(span.debug)) builder.setBool(SpanColumn.debug, span.debug);
  if (present(span.shared)) builder.setBool(SpanColumn.shared, span.shared);
  writeEndpoint(builder, span.localEndpoint, LOCAL_ENDPOINT_COLUMNS);
  writeEndpoint(builder, span.remoteEndpoint, REMOTE_ENDPOINT_COLUMNS);
  writeTagsAndStatus(builder, span.tags);

  for (const annotation of span.annotations ?? []) {
    stamp.startRow(SpanSignalType.event);
    builder.setBytes(BaseColumn.traceId, traceId);
    builder.setBytes(BaseColumn.spanId, spanId);
    if (present(serviceName)) builder.setString(SERVICE_NAME_COLUMN, serviceName);
    builder.setInt64(BaseColumn.timestamp, BigInt(annotation.timestamp) * NANOS_PER_MICRO);
    builder.setString(SpanColumn.name, annotation.value);
  }
}

function writeTagsAndStatus(builder: RowBatchBuilder, tags: Record<string, string> | undefined): void {
  let statusCode: number = StatusCode.unset;
  if (present(tags)) {
    for (const key of Object.keys(tags)) builder.setString(SPAN_ATTRIBUTE_PREFIX + key, tags[key]);
    const statusTag = tags[ZipkinStatusTag.statusCode];
    if (statusTag === 'OK') statusCode = StatusCode.ok;
    if (statusTag === 'ERROR' || tags[ZipkinStatusTag.error] !== undefined) statusCode = StatusCode.error;
    const message = tags[ZipkinStatusTag.error];
    if (message !== undefined && message !== '') builder.setString(SpanColumn.statusMessage, message);
  }
  builder.setInt64(SpanColumn.statusCode, BigInt(statusCode));
}

interface EndpointColumns {
  serviceName?: string;
  ipv4: string;
  ipv6: string;
  port: string;
}

/** Local service name goes to resource.service.name (written above); the rest to endpoint columns. */
const LOCAL_ENDPOINT_COLUMNS: EndpointColumns = {
  ipv4: SpanColumn.localEndpointIpv4,
  ipv6: SpanColumn.localEndpointIpv6,
  port: SpanColumn.localEndpointPort,
};

const REMOTE_ENDPOINT_COLUMNS: EndpointColumns = {
  serviceName: SpanColumn.remoteEndpointServiceName,
  ipv4: SpanColumn.remoteEndpointIpv4,
  ipv6: SpanColumn.remoteEndpointIpv6,
  port: SpanColumn.remoteEndpointPort,
};

function writeEndpoint(builder: RowBatchBuilder, endpoint: ZipkinEndpoint | undefined, columns: EndpointColumns): void {
  if (!present(endpoint)) return;
  if (columns.serviceName !== undefined && present(endpoint.serviceName)) builder.setString(columns.serviceName, endpoint.serviceName);
  if (present(endpoint.ipv4)) builder.setString(columns.ipv4, endpoint.ipv4);
  if (present(endpoint.ipv6)) builder.setString(columns.ipv6, endpoint.ipv6);
  if (present(endpoint.port)) builder.setInt64(columns.port, BigInt(endpoint.port));
}

function paddedTraceId(hex: string): Uint8Array {
  const bytes = hexToBytes(hex) as Uint8Array;
  if (bytes.length === OTLP_TRACE_ID_BYTES) return bytes;
  const padded = new Uint8Array(OTLP_TRACE_ID_BYTES);
  padded.set(bytes, OTLP_TRACE_ID_BYTES - bytes.length);
  return padded;
}

/** JSON input may carry null for absent fields; the validator lets those through. */
function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
