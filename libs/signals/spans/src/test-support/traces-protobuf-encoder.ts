import type { AnyValue, ExportTraceServiceRequest, KeyValue, Span } from '@prism/otlp';
import { Writer } from 'protobufjs/minimal';

/**
 * Encodes a model traces request as an OTLP protobuf body, writing fields in proto order and
 * leaving proto3 defaults out, as the SDK exporters do. Tests use it to feed generated requests
 * to both the single-pass path and decode + eventize.
 */
export function encodeTracesProtobuf(request: ExportTraceServiceRequest): Uint8Array {
  const writer = Writer.create();
  for (const resourceSpans of request.resourceSpans) {
    writer.uint32(tag(1, 2)).fork();
    if (resourceSpans.resource !== undefined) {
      writer.uint32(tag(1, 2)).fork();
      keyValues(writer, 1, resourceSpans.resource.attributes);
      varint(writer, 2, resourceSpans.resource.droppedAttributesCount);
      writer.ldelim();
    }
    for (const scopeSpans of resourceSpans.scopeSpans) {
      writer.uint32(tag(2, 2)).fork();
      const scope = scopeSpans.scope;
      if (scope !== undefined) {
        writer.uint32(tag(1, 2)).fork();
        text(writer, 1, scope.name);
        text(writer, 2, scope.version);
        keyValues(writer, 3, scope.attributes);
        varint(writer, 4, scope.droppedAttributesCount);
        writer.ldelim();
      }
      for (const span of scopeSpans.spans) encodeSpan(writer, span);
      text(writer, 3, scopeSpans.schemaUrl);
      writer.ldelim();
    }
    text(writer, 3, resourceSpans.schemaUrl);
    writer.ldelim();
  }
  return writer.finish();
}

function encodeSpan(writer: Writer, span: Span): void {
  writer.uint32(tag(2, 2)).fork();
  bytes(writer, 1, span.traceId);
  bytes(writer, 2, span.spanId);
  text(writer, 3, span.traceState);
  bytes(writer, 4, span.parentSpanId);
  text(writer, 5, span.name);
  if (span.kind !== 0) writer.uint32(tag(6, 0)).int32(span.kind);
  fixed64(writer, 7, span.startTimeUnixNano);
  fixed64(writer, 8, span.endTimeUnixNano);
  keyValues(writer, 9, span.attributes);
  varint(writer, 10, span.droppedAttributesCount);
  for (const event of span.events) {
    writer.uint32(tag(11, 2)).fork();
    fixed64(writer, 1, event.timeUnixNano);
    text(writer, 2, event.name);
    keyValues(writer, 3, event.attributes);
    varint(writer, 4, event.droppedAttributesCount);
    writer.ldelim();
  }
  varint(writer, 12, span.droppedEventsCount);
  for (const link of span.links) {
    writer.uint32(tag(13, 2)).fork();
    bytes(writer, 1, link.traceId);
    bytes(writer, 2, link.spanId);
    text(writer, 3, link.traceState);
    keyValues(writer, 4, link.attributes);
    varint(writer, 5, link.droppedAttributesCount);
    if (link.flags !== 0) writer.uint32(tag(6, 5)).fixed32(link.flags);
    writer.ldelim();
  }
  varint(writer, 14, span.droppedLinksCount);
  if (span.status !== undefined) {
    writer.uint32(tag(15, 2)).fork();
    text(writer, 2, span.status.message);
    if (span.status.code !== 0) writer.uint32(tag(3, 0)).int32(span.status.code);
    writer.ldelim();
  }
  if (span.flags !== 0) writer.uint32(tag(16, 5)).fixed32(span.flags);
  writer.ldelim();
}

function keyValues(writer: Writer, field: number, list: readonly KeyValue[]): void {
  for (const { key, value } of list) {
    writer.uint32(tag(field, 2)).fork();
    writer.uint32(tag(1, 2)).string(key);
    writer.uint32(tag(2, 2)).fork();
    anyValue(writer, value);
    writer.ldelim();
    writer.ldelim();
  }
}

function anyValue(writer: Writer, value: AnyValue): void {
  switch (value.kind) {
    case 'string':
      writer.uint32(tag(1, 2)).string(value.value);
      return;
    case 'bool':
      writer.uint32(tag(2, 0)).bool(value.value);
      return;
    case 'int':
      writer.uint32(tag(3, 0)).int64(value.value.toString());
      return;
    case 'double':
      writer.uint32(tag(4, 1)).double(value.value);
      return;
    case 'array':
      writer.uint32(tag(5, 2)).fork();
      for (const item of value.values) {
        writer.uint32(tag(1, 2)).fork();
        anyValue(writer, item);
        writer.ldelim();
      }
      writer.ldelim();
      return;
    case 'kvlist':
      writer.uint32(tag(6, 2)).fork();
      keyValues(writer, 1, value.values);
      writer.ldelim();
      return;
    case 'bytes':
      writer.uint32(tag(7, 2)).bytes(value.value);
      return;
    case 'empty':
      return;
  }
}

function tag(field: number, wireType: number): number {
  return ((field << 3) | wireType) >>> 0;
}

function text(writer: Writer, field: number, value: string): void {
  if (value !== '') writer.uint32(tag(field, 2)).string(value);
}

function bytes(writer: Writer, field: number, value: Uint8Array): void {
  if (value.length > 0) writer.uint32(tag(field, 2)).bytes(value);
}

function varint(writer: Writer, field: number, value: number): void {
  if (value !== 0) writer.uint32(tag(field, 0)).uint32(value);
}

function fixed64(writer: Writer, field: number, value: bigint): void {
  if (value !== 0n) writer.uint32(tag(field, 1)).fixed64(value.toString());
}
