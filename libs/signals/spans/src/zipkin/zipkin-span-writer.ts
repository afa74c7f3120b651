import { BaseColumn, ColumnPrefix, TYPE_VARIANT_SEPARATOR, rowsOf, type RowBatch, type RowValue } from '@prism/contract';
import { bytesToHex } from '@prism/otlp';
import { SERVICE_NAME_COLUMN, SPAN_ATTRIBUTE_PREFIX, SpanColumn, SpanSignalType } from '../common/span-columns';
import { StatusCode, zipkinKindOf } from '../common/span-kind';
import { ZipkinStatusTag } from './zipkin-eventizer';
import type { ZipkinAnnotation, ZipkinEndpoint, ZipkinSpan } from './zipkin-model';

type Row = Record<string, RowValue>;

const NANOS_PER_MICRO = 1000n;
const COLUMN_TYPE_SUFFIX = new RegExp(`${TYPE_VARIANT_SEPARATOR}(string|int64|double|bool|bytes|json)$`);

/** Tags OpenTelemetry's Zipkin mapping adds for OTLP facts Zipkin has no field for. */
export const OtelZipkinTag = {
  scopeName: 'otel.scope.name',
  scopeVersion: 'otel.scope.version',
  droppedAttributesCount: 'otel.dropped_attributes_count',
  droppedEventsCount: 'otel.dropped_events_count',
  droppedLinksCount: 'otel.dropped_links_count',
} as const;

/** Zipkin v2 spans of a row batch; see {@link rowsToZipkinSpans}. */
export function batchToZipkinSpans(batch: RowBatch): ZipkinSpan[] {
  return rowsToZipkinSpans(rowsOf(batch));
}

/**
 * Zipkin v2 JSON spans of span rows and their `span_event` rows (matched by trace_id + span_id),
 * in the order of the span rows. Works for rows from Zipkin (which come back exactly as they went
 * in) and from OTLP: kinds map to Zipkin kinds, status becomes `otel.status_code` / `error` tags,
 * scope and other resource attributes become tags, events become annotations.
 *
 * @example
 * const spans = rowsToZipkinSpans(rowsOf(batch)); // → JSON.stringify(spans) for GET /api/v2/trace/{id}
 */
export function rowsToZipkinSpans(rows: Iterable<Row>): ZipkinSpan[] {
  const spanRows: Array<{ key: string; row: Row }> = [];
  const eventsBySpan = new Map<string, Row[]>();
  for (const row of rows) {
    const key = spanKey(row);
    if (row[BaseColumn.signalType] === SpanSignalType.span) spanRows.push({ key, row });
    else if (row[BaseColumn.signalType] === SpanSignalType.event) {
      const events = eventsBySpan.get(key);
      if (events === undefined) eventsBySpan.set(key, [row]);
      else events.push(row);
    }
  }
  return spanRows.map(({ key, row }) => rowToZipkinSpan(row, eventsBySpan.get(key) ?? []));
}

function rowToZipkinSpan(row: Row, events: readonly Row[]): ZipkinSpan {
  const traceHex = bytesToHex(row[BaseColumn.traceId] as Uint8Array);
  const span: ZipkinSpan = {
    traceId: row[SpanColumn.traceId64Bit] === true ? traceHex.slice(-16) : traceHex,
    id: bytesToHex(row[BaseColumn.spanId] as Uint8Array),
  };
  const parentId = bytesAt(row, SpanColumn.parentSpanId);
  if (parentId !== undefined) span.parentId = bytesToHex(parentId);
  const kind = zipkinKindOf(Number(row[SpanColumn.kind] ?? 0));
  if (kind !== undefined) span.kind = kind;
  const name = stringAt(row, SpanColumn.name);
  if (name !== undefined && name !== '') span.name = name;
  if (row[SpanColumn.timestampInferred] !== true) span.timestamp = micros(row[BaseColumn.timestamp] as bigint);
  // Zipkin rounds sub-microsecond durations up: a duration is at least 1.
  const duration = row[SpanColumn.duration];
  if (typeof duration === 'bigint') span.duration = Math.max(1, Number((duration + NANOS_PER_MICRO - 1n) / NANOS_PER_MICRO));
  const localEndpoint = endpointOf(row, SERVICE_NAME_COLUMN, SpanColumn.localEndpointIpv4, SpanColumn.localEndpointIpv6, SpanColumn.localEndpointPort);
  if (localEndpoint !== undefined) span.localEndpoint = localEndpoint;
  const remoteEndpoint = endpointOf(
    row,
    SpanColumn.remoteEndpointServiceName,
    SpanColumn.remoteEndpointIpv4,
    SpanColumn.remoteEndpointIpv6,
    SpanColumn.remoteEndpointPort,
  );
  if (remoteEndpoint !== undefined) span.remoteEndpoint = remoteEndpoint;
  if (events.length > 0) span.annotations = events.map(eventToAnnotation);
  const tags = tagsOf(row);
  if (Object.keys(tags).length > 0) span.tags = tags;
  const debug = boolAt(row, SpanColumn.debug);
  if (debug !== undefined) span.debug = debug;
  const shared = boolAt(row, SpanColumn.shared);
  if (shared !== undefined) span.shared = shared;
  return span;
}

function tagsOf(row: Row): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const column of Object.keys(row)) {
    if (column.startsWith(SPAN_ATTRIBUTE_PREFIX)) tags[attributeKey(column, SPAN_ATTRIBUTE_PREFIX)] = tagText(row[column]);
  }
  // Status tags unless the span already carries them (a Zipkin span's own `error` tag set its status).
  if (tags[ZipkinStatusTag.error] === undefined && tags[ZipkinStatusTag.statusCode] === undefined) {
    const code = Number(row[SpanColumn.statusCode] ?? StatusCode.unset);
    if (code === StatusCode.ok) tags[ZipkinStatusTag.statusCode] = 'OK';
    if (code === StatusCode.error) {
      tags[ZipkinStatusTag.statusCode] = 'ERROR';
      tags[ZipkinStatusTag.error] = stringAt(row, SpanColumn.statusMessage) ?? '';
    }
  }
  addTagIfAbsent(tags, OtelZipkinTag.scopeName, row[BaseColumn.scopeName]);
  addTagIfAbsent(tags, OtelZipkinTag.scopeVersion, row[BaseColumn.scopeVersion]);
  addTagIfAbsent(tags, OtelZipkinTag.droppedAttributesCount, row[SpanColumn.droppedAttributesCount]);
  addTagIfAbsent(tags, OtelZipkinTag.droppedEventsCount, row[SpanColumn.droppedEventsCount]);
  addTagIfAbsent(tags, OtelZipkinTag.droppedLinksCount, row[SpanColumn.droppedLinksCount]);
  // Resource attributes other than the service name (which is localEndpoint.serviceName).
  for (const column of Object.keys(row)) {
    if (column.startsWith(ColumnPrefix.resource) && column !== SERVICE_NAME_COLUMN) {
      addTagIfAbsent(tags, attributeKey(column, ColumnPrefix.resource), row[column]);
    }
  }
  return tags;
}

function eventToAnnotation(row: Row): ZipkinAnnotation {
  const name = stringAt(row, SpanColumn.name) ?? '';
  const attributes: Record<string, unknown> = {};
  let hasAttributes = false;
  for (const column of Object.keys(row)) {
    if (!column.startsWith(SPAN_ATTRIBUTE_PREFIX)) continue;
    attributes[attributeKey(column, SPAN_ATTRIBUTE_PREFIX)] = jsonValue(row[column]);
    hasAttributes = true;
  }
  // Zipkin annotations are plain text: event attributes ride along as JSON after the name.
  const value = hasAttributes ? `${name}: ${JSON.stringify(attributes)}` : name;
  return { timestamp: micros(row[BaseColumn.timestamp] as bigint), value };
}

function endpointOf(row: Row, serviceName: string, ipv4: string, ipv6: string, port: string): ZipkinEndpoint | undefined {
  const endpoint: ZipkinEndpoint = {};
  const service = stringAt(row, serviceName);
  if (service !== undefined) endpoint.serviceName = service;
  const ipv4Text = stringAt(row, ipv4);
  if (ipv4Text !== undefined) endpoint.ipv4 = ipv4Text;
  const ipv6Text = stringAt(row, ipv6);
  if (ipv6Text !== undefined) endpoint.ipv6 = ipv6Text;
  const portNumber = row[port];
  if (typeof portNumber === 'bigint') endpoint.port = Number(portNumber);
  return Object.keys(endpoint).length > 0 ? endpoint : undefined;
}

function addTagIfAbsent(tags: Record<string, string>, key: string, value: RowValue | undefined): void {
  if (value !== undefined && value !== null && tags[key] === undefined) tags[key] = tagText(value);
}

/** The attribute key of a column: prefix and any type-variant suffix (`#string`) removed. */
function attributeKey(column: string, prefix: string): string {
  return column.slice(prefix.length).replace(COLUMN_TYPE_SUFFIX, '');
}

/** Zipkin tags are strings: numbers and booleans in their usual text, bytes as base64 (as OTel does). */
function tagText(value: RowValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

function jsonValue(value: RowValue): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return bytesToHex(value);
  return value;
}

function micros(nanos: bigint): number {
  return Number(nanos / NANOS_PER_MICRO);
}

function spanKey(row: Row): string {
  const traceId = row[BaseColumn.traceId];
  const spanId = row[BaseColumn.spanId];
  return `${traceId instanceof Uint8Array ? bytesToHex(traceId) : ''}:${spanId instanceof Uint8Array ? bytesToHex(spanId) : ''}`;
}

function stringAt(row: Row, column: string): string | undefined {
  const value = row[column];
  return typeof value === 'string' ? value : undefined;
}

function boolAt(row: Row, column: string): boolean | undefined {
  const value = row[column];
  return typeof value === 'boolean' ? value : undefined;
}

function bytesAt(row: Row, column: string): Uint8Array | undefined {
  const value = row[column];
  return value instanceof Uint8Array ? value : undefined;
}
