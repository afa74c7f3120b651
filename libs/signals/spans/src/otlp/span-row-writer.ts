import { BaseColumn, type RowBatchBuilder, type RowStamp } from '@prism/contract';
import { anyValueToJson, bytesToHex, writeAttributes, writeCells, type AttributeCell, type AttributeColumnNames, type Span, type SpanLink } from '@prism/otlp';
import { SpanColumn, SpanSignalType } from '../common/span-columns';

/** What the rows of one request share: the builder, the row stamp, the span attribute column names. */
export interface SpanRowTarget {
  builder: RowBatchBuilder;
  stamp: RowStamp;
  attributes: AttributeColumnNames;
}

/**
 * Writes one validated span as a `span` row and each of its events as a `span_event` row.
 *
 * OTLP carries no baggage: `ctx.baggage.*` columns stay empty here. They would be filled from the
 * W3C `baggage` header of the export request (or baggage-derived attributes), which ingest would
 * pass in through the EventizeContext.
 */
export function writeSpanRows(target: SpanRowTarget, shared: readonly AttributeCell[], span: Span): void {
  const { builder, stamp } = target;
  stamp.startRow(SpanSignalType.span);
  writeCells(builder, shared);
  writeTraceContext(builder, span);
  builder.setInt64(BaseColumn.timestamp, span.startTimeUnixNano);
  if (span.parentSpanId.length > 0) builder.setBytes(SpanColumn.parentSpanId, span.parentSpanId);
  builder.setString(SpanColumn.name, span.name);
  builder.setInt64(SpanColumn.kind, BigInt(span.kind));
  builder.setInt64(SpanColumn.endTimestamp, span.endTimeUnixNano);
  builder.setInt64(SpanColumn.duration, span.endTimeUnixNano - span.startTimeUnixNano);
  const status = span.status;
  builder.setInt64(SpanColumn.statusCode, BigInt(status?.code ?? 0));
  if (status !== undefined && status.message !== '') builder.setString(SpanColumn.statusMessage, status.message);
  if (span.flags !== 0) builder.setInt64(SpanColumn.flags, BigInt(span.flags));
  if (span.links.length > 0) builder.setJson(SpanColumn.links, linksToJson(span.links));
  setCount(builder, SpanColumn.droppedAttributesCount, span.droppedAttributesCount);
  setCount(builder, SpanColumn.droppedEventsCount, span.droppedEventsCount);
  setCount(builder, SpanColumn.droppedLinksCount, span.droppedLinksCount);
  writeAttributes(builder, target.attributes, span.attributes);

  for (const event of span.events) {
    stamp.startRow(SpanSignalType.event);
    writeCells(builder, shared);
    writeTraceContext(builder, span);
    builder.setInt64(BaseColumn.timestamp, event.timeUnixNano);
    builder.setString(SpanColumn.name, event.name);
    setCount(builder, SpanColumn.droppedAttributesCount, event.droppedAttributesCount);
    // Event attributes share the span.attr.* columns: signal_type tells event rows from span rows,
    // and a query for e.g. span.attr.exception.type finds exception events without another prefix.
    writeAttributes(builder, target.attributes, event.attributes);
  }
}

function writeTraceContext(builder: RowBatchBuilder, span: Span): void {
  builder.setBytes(BaseColumn.traceId, span.traceId);
  builder.setBytes(BaseColumn.spanId, span.spanId);
  if (span.traceState !== '') builder.setString(BaseColumn.traceState, span.traceState);
  // The low byte of OTLP span flags is the W3C trace flags byte.
  builder.setInt64(BaseColumn.traceFlags, BigInt(span.flags & 0xff));
}

function setCount(builder: RowBatchBuilder, column: string, count: number): void {
  if (count > 0) builder.setInt64(column, BigInt(count));
}

/** Links as JSON text; empty fields are left out. */
export function linksToJson(links: readonly SpanLink[]): string {
  const json: Array<Record<string, unknown>> = [];
  for (const link of links) {
    const entry: Record<string, unknown> = { trace_id: bytesToHex(link.traceId), span_id: bytesToHex(link.spanId) };
    if (link.traceState !== '') entry['trace_state'] = link.traceState;
    if (link.attributes.length > 0) entry['attributes'] = anyValueToJson({ kind: 'kvlist', values: link.attributes });
    if (link.droppedAttributesCount > 0) entry['dropped_attributes_count'] = link.droppedAttributesCount;
    if (link.flags !== 0) entry['flags'] = link.flags;
    json.push(entry);
  }
  return JSON.stringify(json);
}
